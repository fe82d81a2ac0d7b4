// talisman ships no type declarations; this is the one function the Jaro-Winkler benchmark uses.
declare module 'talisman/metrics/jaro-winkler.js' {
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}
