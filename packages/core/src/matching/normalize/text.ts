/**
 * Text folding shared by every normaliser: the forms people type the same thing in — full-width
 * digits from a Chinese IME, upper case, accents and pinyin tone marks, stray spaces — fold to one.
 */

const MARKS = /\p{M}+/gu;
const SPACES = /\s+/gu;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const PUNCTUATION = /[\p{P}\p{S}]+/gu;
const HAN = /\p{Script=Han}/u;
const HAN_RUN_SPACES = /(?<=\p{Script=Han}) +(?=\p{Script=Han})/gu;

function foldOnce(input: string): string {
  // NFKD splits full-width forms (ＡＢＣ１２３，（）) and accented letters (á, ǖ) apart; dropping the
  // combining marks removes accents and tone marks; NFKC recomposes whatever remains (Hangul).
  return input
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .normalize('NFKC')
    .replace(SPACES, ' ')
    .trim();
}

/**
 * Case, width, accents and whitespace folded: `'  Ｗáng　FĀNG '` → `'wang fang'`. Idempotent: a
 * handful of code points change again after lower-casing, so it repeats until nothing changes.
 */
export function foldText(input: string): string {
  // Printable ASCII has nothing to decompose: lower case and spaces are all there is to fold.
  if (PRINTABLE_ASCII.test(input)) return input.toLowerCase().replace(SPACES, ' ').trim();
  let current = foldOnce(input);
  for (let i = 0; i < 4; i++) {
    const next = foldOnce(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}

/** Folded text with punctuation and symbols turned into single spaces. */
export function foldWords(input: string): string {
  return foldText(foldText(input).replace(PUNCTUATION, ' '));
}

/** Words of folded text, punctuation removed. */
export function words(input: string): string[] {
  const folded = foldWords(input);
  return folded ? folded.split(' ') : [];
}

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** Removes the spaces people put between Chinese characters (`王 芳` → `王芳`), keeping Latin words apart. */
export function joinHanRuns(text: string): string {
  return text.replace(HAN_RUN_SPACES, '');
}

/** The distinct values of a list, first occurrence kept, in order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Soundex (American): a phonetic key for Latin names, `robert` → `r163`; other text is returned as is. */
export function soundex(word: string): string {
  const letters = word.replace(/[^a-z]/g, '');
  if (!letters) return word;
  const code = (c: string): string => {
    if ('bfpv'.includes(c)) return '1';
    if ('cgjkqsxz'.includes(c)) return '2';
    if ('dt'.includes(c)) return '3';
    if (c === 'l') return '4';
    if ('mn'.includes(c)) return '5';
    if (c === 'r') return '6';
    return '';
  };
  let out = letters[0]!;
  let previous = code(out);
  for (let i = 1; i < letters.length && out.length < 4; i++) {
    const c = letters[i]!;
    const digit = code(c);
    if (digit && digit !== previous) out += digit;
    // h and w do not separate two letters with the same code; vowels do.
    if (c !== 'h' && c !== 'w') previous = digit;
  }
  return out.padEnd(4, '0');
}
