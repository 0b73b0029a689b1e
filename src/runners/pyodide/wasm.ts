/**
 * The few parts of the WebAssembly JS API this runner uses. The project's TypeScript setup
 * (lib ES2023, @types/node 20) declares no `WebAssembly` global, so it is typed here; the API
 * itself is web-standard and exists in Node and browsers alike.
 */

/** A compiled `WebAssembly.Module` (opaque here). */
export type WasmModule = object;

export interface WasmApi {
  Module: abstract new (...args: never[]) => WasmModule;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(source: unknown, imports?: unknown): Promise<unknown>;
}

/** The global WebAssembly object, or undefined where there is none. */
export function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

export function isWasmModule(value: unknown): value is WasmModule {
  const api = wasmApi();
  return api !== undefined && value instanceof api.Module;
}
