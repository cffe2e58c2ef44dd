import { useCallback, useEffect, useState } from 'react';

/** The state of one request: loading, its value, or its error. */
export type AsyncData<T> = { loading: true; value?: undefined; error?: undefined } | { loading: false; value: T; error?: undefined } | { loading: false; value?: undefined; error: Error };

/** Runs `load` when its inputs change (and on `reload`), keeping only the latest answer. */
export function useAsyncData<T>(load: () => Promise<T>, inputs: readonly unknown[]): AsyncData<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncData<T>>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const stableLoad = useCallback(load, inputs);
  useEffect(() => {
    let current = true;
    setState({ loading: true });
    stableLoad().then(
      value => current && setState({ loading: false, value }),
      (error: unknown) => current && setState({ loading: false, error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      current = false;
    };
  }, [stableLoad, generation]);
  const reload = useCallback(() => setGeneration(g => g + 1), []);
  return { ...state, reload };
}
