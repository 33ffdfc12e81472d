/**
 * Removes trailing `char`s in linear time. `value.replace(/\/+$/, '')` looks equivalent, but
 * a backtracking regex engine retries the run from every position: quadratic on a long run of
 * slashes followed by anything else (the lint route's denial of service).
 */
export function trimTrailing(value: string, char: string): string {
  let end = value.length;
  while (end > 0 && value[end - 1] === char) {
    end--;
  }
  return value.slice(0, end);
}

/** Removes leading and trailing `char`s in linear time. */
export function trimBoth(value: string, char: string): string {
  let start = 0;
  while (start < value.length && value[start] === char) {
    start++;
  }
  return trimTrailing(value.slice(start), char);
}
