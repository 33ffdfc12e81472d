import { useCallback, useState } from 'react';

/**
 * The server only hands out "next" cursors, so going back means remembering the cursor
 * each visited page was loaded with. Index 0 is the first page (no cursor).
 */
export function useCursorPagination() {
  const [stack, setStack] = useState<Array<string | undefined>>([undefined]);
  const next = useCallback((cursor: string) => setStack(s => [...s, cursor]), []);
  const previous = useCallback(() => setStack(s => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return {
    cursor: stack[stack.length - 1],
    pageNumber: stack.length,
    hasPrevious: stack.length > 1,
    next,
    previous,
    reset,
  };
}
