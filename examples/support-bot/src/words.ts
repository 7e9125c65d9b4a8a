const STOP = new Set('a an and are as at be by can do does for from how i if in is it my of on or the to we what when where which who why will with you your our me am was there this that'.split(' '))

/** Lower-cased content words, without stop words and crude plural/verb endings. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9@.+-]+/g) ?? [])
    .map(w => w.replace(/[.]+$/, ''))
    .filter(w => w && !STOP.has(w))
    .map(w => (w.length > 4 ? w.replace(/(ing|ed|es|s)$/, '') : w))
}
