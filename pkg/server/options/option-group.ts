/**
 * An option group (mirrors the option structs of k8s.io/apiserver/pkg/server/options:
 * SecureServingOptions, BuiltInAuthenticationOptions, ServerRunOptions, EtcdOptions …): each group
 * owns its flags, how their parsed values become options, and its validation; an `applyTo…`
 * function beside it turns valid options into the part of the server's config it owns. A
 * component composes the groups it needs (cmd/kube-apiserver/app/options).
 */
import type { Argv } from 'yargs';

export interface OptionGroup<Flags, Options> {
  /** Declares the group's flags on a command (names, defaults and help as upstream's). */
  addFlags<T>(argv: Argv<T>): Argv<T & Flags>;
  /** The group's options from the parsed flags. */
  fromFlags(flags: Flags): Options;
  /** Every problem with the options, in upstream's wording (empty when valid). */
  validate(options: Options): string[];
}

/** A list flag given repeatedly and/or comma-separated (pflag's StringSlice), without empty entries. */
export function splitList(values: readonly string[]): string[] {
  return values
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * An int flag's value: throws pflag's `invalid argument "<value>" for "--<flag>" flag: …` for
 * anything but an integer (yargs would otherwise hand NaN on, losing what was typed).
 */
export function parseIntFlag(flag: string, value: unknown): number {
  // A repeated flag arrives as an array; the last one wins, as with pflag.
  const text = String(Array.isArray(value) ? value.at(-1) : value);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new Error(
      `invalid argument ${JSON.stringify(text)} for "--${flag}" flag: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`,
    );
  return Number(text);
}
