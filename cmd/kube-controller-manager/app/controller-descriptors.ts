/**
 * Which controllers exist and which run (mirrors NewControllerDescriptors, KnownControllers,
 * ControllerAliases, ControllersDisabledByDefault and IsControllerEnabled of upstream's
 * controllermanager.go and controller-manager's options): the descriptors this release
 * implements, checked against upstream's full list of names (../names/controller-names.ts), and
 * the `--controllers` selection over them.
 */
import { knownControllerList, type KnownController } from '../names/controller-names.js';
import type { ControllerDescriptor } from './controller-context.js';
import { coreControllerDescriptors } from './core.js';
import { workloadControllerDescriptors } from './workload-controllers.js';

/**
 * The implemented descriptors by name. Throws, as upstream panics, on a name registered twice, a
 * name or alias upstream does not have, or an alias that differs from upstream's.
 */
export function newControllerDescriptors(
  descriptors: readonly ControllerDescriptor[] = [...coreControllerDescriptors, ...workloadControllerDescriptors],
  known: readonly KnownController[] = knownControllerList,
): Map<string, ControllerDescriptor> {
  const byName = new Map<string, ControllerDescriptor>();
  for (const d of descriptors) {
    if (byName.has(d.name)) throw new Error(`controller name "${d.name}" was registered twice`);
    const upstream = known.find((k) => k.name === d.name);
    if (!upstream) throw new Error(`controller "${d.name}" is not a kube-controller-manager controller`);
    if (upstream.aliases.join(',') !== d.aliases.join(',')) {
      throw new Error(
        `controller "${d.name}" has aliases [${d.aliases.join(', ')}], upstream has [${upstream.aliases.join(', ')}]`,
      );
    }
    if ((upstream.disabledByDefault ?? false) !== (d.disabledByDefault ?? false)) {
      throw new Error(
        `controller "${d.name}" must be ${upstream.disabledByDefault ? 'disabled' : 'enabled'} by default`,
      );
    }
    byName.set(d.name, d);
  }
  return byName;
}

/** Alias → canonical name (upstream ControllerAliases). */
export function controllerAliases(known: readonly KnownController[] = knownControllerList): Map<string, string> {
  return new Map(known.flatMap((k) => k.aliases.map((a) => [a, k.name] as const)));
}

/**
 * `--controllers` entries naming no known controller, as upstream's Validate words them: an
 * alias counts, and `*` and `-name` are checked like `name`.
 */
export function validateControllers(controllers: readonly string[], known = knownControllerList): string[] {
  const names = new Set(known.map((k) => k.name));
  const aliases = controllerAliases(known);
  const errs: string[] = [];
  for (const entry of controllers) {
    if (entry === '*') continue;
    const name = entry.startsWith('-') ? entry.slice(1) : entry;
    if (!names.has(aliases.get(name) ?? name))
      errs.push(`${JSON.stringify(name)} is not in the list of known controllers`);
  }
  return errs;
}

/** The entries with aliases replaced by canonical names, `-` kept (upstream's ApplyTo). */
export function canonicalControllers(controllers: readonly string[], known = knownControllerList): string[] {
  const aliases = controllerAliases(known);
  return controllers.map((entry) => {
    const off = entry.startsWith('-');
    const name = off ? entry.slice(1) : entry;
    const canonical = aliases.get(name) ?? name;
    return off ? `-${canonical}` : canonical;
  });
}

/**
 * Whether `--controllers` (canonical) turns `name` on (upstream IsControllerEnabled): the first
 * entry naming it (`name` or `-name`) decides; otherwise `*` enables it unless it is off by default.
 */
export function isControllerEnabled(name: string, disabledByDefault: boolean, controllers: readonly string[]): boolean {
  let hasStar = false;
  for (const entry of controllers) {
    if (entry === name) return true;
    if (entry === `-${name}`) return false;
    if (entry === '*') hasStar = true;
  }
  return hasStar && !disabledByDefault;
}
