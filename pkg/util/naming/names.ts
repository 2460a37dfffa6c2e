/**
 * Names for objects created with metadata.generateName (mirrors k8s.io/apiserver/pkg/storage/names
 * SimpleNameGenerator): the prefix, cut so the result fits a 63-character DNS label, plus five
 * random characters from upstream's alphabet (k8s.io/apimachinery/pkg/util/rand), which leaves
 * out vowels and look-alike digits so generated names never spell words or confuse readers.
 */
import { randomInt } from 'node:crypto';

const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
const maxNameLength = 63;
const randomLength = 5;
const maxGeneratedNameLength = maxNameLength - randomLength;

/** `random` picks an index below its argument; injectable so tests can pin the suffix. */
export function generateName(base: string, random: (below: number) => number = randomInt): string {
  const prefix = base.length > maxGeneratedNameLength ? base.slice(0, maxGeneratedNameLength) : base;
  let suffix = '';
  for (let i = 0; i < randomLength; i++) suffix += alphabet[random(alphabet.length)];
  return prefix + suffix;
}
