import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  activeDataSegments,
  encodeSnapshotDelta,
  isSnapshotDelta,
  openSnapshotDelta,
} from "./snapshot-delta.js";

/** Unsigned and signed LEB128, as a wasm binary writes them. */
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

/** A module with one exported page of memory and the given data segments (active unless said). */
function module(
  segments: Array<{ offset: number; bytes: number[]; flags?: number }>,
  extra: number[] = [],
) {
  const data = [
    ...uleb(segments.length),
    ...segments.flatMap((s) =>
      (s.flags ?? 0) === 0
        ? [0, 0x41, ...sleb(s.offset), 0x0b, ...uleb(s.bytes.length), ...s.bytes]
        : [s.flags!, ...uleb(s.bytes.length), ...s.bytes],
    ),
  ];
  // prettier-ignore
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(5, [1, 0, 1]), // one memory of one page
    ...section(7, [1, 3, 0x6d, 0x65, 0x6d, 2, 0]), // exported as "mem"
    ...extra,
    ...section(11, data),
  ]);
}

/** A stand-in for a Pyodide snapshot: its 128-byte header (memory starts at u32[1]) and memory. */
function snapshotOf(memory: Uint8Array): Uint8Array {
  const out = new Uint8Array(128 + memory.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x12345678, true);
  view.setUint32(4, 128, true);
  out.set(memory, 128);
  return out;
}

/** The engine's WebAssembly (Node's own type definitions do not declare it). */
const wasmEngine = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(
        bytes: Uint8Array,
      ): Promise<{ instance: { exports: Record<string, { buffer: ArrayBuffer }> } }>;
    };
  }
).WebAssembly;

const SEGMENTS = [
  { offset: 16, bytes: Array.from({ length: 300 }, (_, i) => (i % 250) + 1) },
  { offset: 1000, bytes: [9, 8, 7, 6, 5] },
];

describe("the snapshot as a delta against the wasm's data segments", () => {
  it("reads a module's active data segments", () => {
    const segments = activeDataSegments(module(SEGMENTS))!;
    expect(segments.map((s) => [s.offset, Array.from(s.bytes)])).toEqual(
      SEGMENTS.map((s) => [s.offset, s.bytes]),
    );
  });

  it("refuses a module with a start function or a segment it cannot place", () => {
    expect(activeDataSegments(module(SEGMENTS, section(8, [0])))).toBeNull();
    expect(activeDataSegments(module([{ offset: 0, bytes: [1, 2], flags: 1 }]))).toBeNull();
    expect(() => activeDataSegments(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(
      /not a wasm/,
    );
  });

  it("gives the snapshot back from the memory of a fresh instance, changed bytes included", async () => {
    const wasm = module(SEGMENTS);
    const { instance } = await wasmEngine.instantiate(wasm);
    // The snapshot's memory: the segments as the program left them (one byte changed), and
    // other data elsewhere.
    const memory = new Uint8Array(65536);
    for (const s of SEGMENTS) memory.set(s.bytes, s.offset);
    memory[20] = 0;
    memory[1002] = 200;
    memory.set([1, 2, 3], 5000);
    const snapshot = snapshotOf(memory);
    const delta = encodeSnapshotDelta(snapshot, activeDataSegments(wasm)!);
    expect(isSnapshotDelta(delta)).toBe(true);
    expect(isSnapshotDelta(snapshot)).toBe(false);
    // Unchanged segment bytes are zeros in the delta: that is what brotli then leaves out.
    const stored = delta.subarray(16 + 128);
    expect(stored[16]).toBe(0);
    expect(stored[1000]).toBe(0);
    expect(stored[20]).not.toBe(0);
    const opened = openSnapshotDelta(delta);
    opened.complete(instance.exports.mem!.buffer);
    expect(Buffer.compare(opened.snapshot, snapshot)).toBe(0);
  });

  it("follows the module where a later segment overwrites part of an earlier one", async () => {
    const overlapping = [
      { offset: 100, bytes: [1, 1, 1, 1, 1, 1, 1, 1] },
      { offset: 104, bytes: [2, 2, 2, 2, 2, 2] },
    ];
    const wasm = module(overlapping);
    const { instance } = await wasmEngine.instantiate(wasm);
    const memory = new Uint8Array(65536);
    memory.set([1, 1, 1, 1, 2, 2, 2, 2, 2, 9], 100);
    const snapshot = snapshotOf(memory);
    const opened = openSnapshotDelta(encodeSnapshotDelta(snapshot, activeDataSegments(wasm)!));
    opened.complete(instance.exports.mem!.buffer);
    expect(Buffer.compare(opened.snapshot, snapshot)).toBe(0);
  });

  it("refuses a delta whose header does not fit it", () => {
    const delta = encodeSnapshotDelta(
      snapshotOf(new Uint8Array(4096)),
      activeDataSegments(module(SEGMENTS))!,
    );
    new DataView(delta.buffer).setUint32(8, 1 << 20, true);
    expect(() => openSnapshotDelta(delta)).toThrow(RangeError);
  });

  it("applies to the installed Pyodide's wasm (a Pyodide upgrade that no longer allows it fails here)", () => {
    const wasmFile = path.join(
      path.dirname(createRequire(import.meta.url).resolve("pyodide/package.json")),
      "pyodide.asm.wasm",
    );
    const segments = activeDataSegments(readFileSync(wasmFile));
    expect(segments).not.toBeNull();
    expect(segments!.reduce((sum, s) => sum + s.bytes.length, 0)).toBeGreaterThan(1_000_000);
  });
});
