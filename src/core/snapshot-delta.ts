/**
 * The browser's Python snapshot without what the browser already has (decision 0005, "The
 * snapshot without the wasm's data"). A Pyodide memory snapshot is its header followed by the
 * whole wasm memory, and about 3.2 MB of that memory are the wasm module's data segments,
 * which the page downloads anyway inside `pyodide.asm.wasm` and which are nearly all unchanged
 * when the snapshot is made. Stored as the XOR of the snapshot's memory with the data segments,
 * those bytes become zeros, and brotli sends about 1 MB less on a first visit.
 *
 * Undoing it needs no parser in the browser: right after `WebAssembly.instantiate`, before any
 * of its code runs (the module has no start function: `activeDataSegments` checks), a fresh
 * memory holds exactly the data segments and zeros, so XOR-ing the stored memory with the first
 * `end` bytes of that memory gives the snapshot back.
 *
 * Layout: the 8 bytes `PDJXOR01`, `end` (u32, little-endian, a multiple of 4), 4 zero bytes,
 * then the Pyodide snapshot (its header's second u32 is where its memory starts).
 */
const MAGIC = "PDJXOR01";
const DELTA_HEADER = 16;

export interface DataSegment {
  /** Where the segment lands in memory. */
  offset: number;
  /** Its bytes. */
  bytes: Uint8Array;
}

/** Reads an unsigned LEB128 at `at`; returns [value, next position]. */
function uleb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= bytes.length) throw new RangeError("a wasm module cut short");
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(byte & 0x80)) return [value, at];
  }
}

/** Reads a signed LEB128 (an i32.const) at `at`; returns [value, next position]. */
function sleb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    if (at >= bytes.length) throw new RangeError("a wasm module cut short");
    byte = bytes[at++]!;
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (shift < 32 && byte & 0x40) value |= -1 << shift;
  return [value, at];
}

/**
 * The data segments a wasm module writes into its memory at instantiation, or null if the
 * module could change that memory before a caller sees it (a start function) or has a segment
 * this reading does not place for certain (passive, another memory, an offset from a global).
 */
export function activeDataSegments(wasm: Uint8Array): DataSegment[] | null {
  if (wasm.length < 8 || wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d)
    throw new RangeError("not a wasm module");
  const segments: DataSegment[] = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at++]!;
    const [size, body] = uleb(wasm, at);
    const end = body + size;
    if (id === 8) return null; // a start function runs at instantiation
    if (id === 11) {
      let [count, p] = uleb(wasm, body);
      for (; count > 0; count--) {
        let flags: number;
        [flags, p] = uleb(wasm, p);
        if (flags !== 0 || wasm[p] !== 0x41) return null; // only "active, memory 0, i32.const"
        let offset: number;
        [offset, p] = sleb(wasm, p + 1);
        if (wasm[p++] !== 0x0b || offset < 0) return null;
        let length: number;
        [length, p] = uleb(wasm, p);
        if (p + length > end) throw new RangeError("a wasm data segment runs past its section");
        segments.push({ offset, bytes: wasm.subarray(p, p + length) });
        p += length;
      }
    }
    at = end;
  }
  return segments;
}

/** Where a Pyodide snapshot's memory starts (its header's second u32). */
function memoryStart(snapshot: Uint8Array): number {
  return new DataView(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength).getUint32(4, true);
}

/** The snapshot stored as a delta against `segments` (see the layout above). */
export function encodeSnapshotDelta(snapshot: Uint8Array, segments: DataSegment[]): Uint8Array {
  const start = memoryStart(snapshot);
  const memory = snapshot.length - start;
  let end = 0;
  for (const s of segments) end = Math.max(end, s.offset + s.bytes.length);
  end = Math.ceil(end / 4) * 4;
  if (end > memory) throw new RangeError("the data segments lie outside the snapshot's memory");
  const out = new Uint8Array(DELTA_HEADER + snapshot.length);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint32(MAGIC.length, end, true);
  out.set(snapshot, DELTA_HEADER);
  // What a fresh instance's memory holds: the segments applied in order (a later one that
  // overlaps an earlier one wins, as at instantiation), zeros elsewhere.
  const fresh = new Uint8Array(end);
  for (const s of segments) fresh.set(s.bytes, s.offset);
  const base = DELTA_HEADER + start;
  for (let i = 0; i < end; i++) out[base + i]! ^= fresh[i]!;
  return out;
}

/** Whether `bytes` is a snapshot stored as a delta (an older build serves it whole). */
export function isSnapshotDelta(bytes: Uint8Array): boolean {
  if (bytes.length < DELTA_HEADER) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

/**
 * Splits a delta into the Pyodide snapshot it holds (still to be completed) and the function
 * that completes it, in place, from a memory freshly instantiated from the same module.
 */
export function openSnapshotDelta(bytes: Uint8Array): {
  snapshot: Uint8Array;
  complete(freshMemory: ArrayBuffer): void;
} {
  if (!isSnapshotDelta(bytes)) throw new RangeError("not a snapshot delta");
  const end = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  const snapshot = bytes.subarray(DELTA_HEADER);
  const start = memoryStart(snapshot);
  if (
    end % 4 !== 0 ||
    start + end > snapshot.length ||
    snapshot.byteOffset % 4 !== 0 ||
    start % 4 !== 0
  )
    throw new RangeError("a snapshot delta whose header does not fit it");
  return {
    snapshot,
    complete(freshMemory: ArrayBuffer) {
      if (freshMemory.byteLength < end) throw new RangeError("a memory smaller than the delta");
      const stored = new Int32Array(snapshot.buffer, snapshot.byteOffset + start, end / 4);
      const fresh = new Int32Array(freshMemory, 0, end / 4);
      for (let i = 0; i < stored.length; i++) stored[i]! ^= fresh[i]!;
    },
  };
}
