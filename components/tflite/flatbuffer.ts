// A minimal FlatBuffers reader: just what a schema-driven decoder needs (tables through their
// vtables, scalars, strings, vectors). Little-endian, bounds-checked, no allocation until a
// field is read. Format: https://flatbuffers.dev/internals/ ("FlatBuffers internals").
//   - a buffer starts with a uoffset (uint32) to the root table, then an optional 4-byte
//     file identifier;
//   - a table starts with a soffset (int32): table position minus its vtable's position;
//   - a vtable is uint16s: [vtable bytes, table bytes, field 0 offset, field 1 offset, ...],
//     an absent or zero field offset means "default value";
//   - a reference field (table, string, vector) holds a uoffset relative to the field itself;
//   - a vector or string is a uint32 length followed by its elements (strings add a 0 byte).

export class FlatBufferError extends Error {}

export class Table {
  constructor(readonly view: DataView, readonly pos: number) {}

  private check(at: number, bytes: number): void {
    if (at < 0 || at + bytes > this.view.byteLength) throw new FlatBufferError(`flatbuffer: read of ${bytes} bytes at ${at} is outside the ${this.view.byteLength}-byte buffer`);
  }

  /** Byte offset of field `id` inside this table, or 0 when the field is absent. */
  private fieldOffset(id: number): number {
    this.check(this.pos, 4);
    const vtable = this.pos - this.view.getInt32(this.pos, true);
    this.check(vtable, 4);
    const vtableBytes = this.view.getUint16(vtable, true);
    const slot = 4 + 2 * id;
    if (slot + 2 > vtableBytes) return 0; // written by an older schema: field absent
    this.check(vtable + slot, 2);
    return this.view.getUint16(vtable + slot, true);
  }

  has(id: number): boolean {
    return this.fieldOffset(id) !== 0;
  }

  private scalar(id: number, bytes: number, read: (at: number) => number, fallback: number): number {
    const o = this.fieldOffset(id);
    if (!o) return fallback;
    this.check(this.pos + o, bytes);
    return read(this.pos + o);
  }

  int8(id: number, fallback = 0): number {
    return this.scalar(id, 1, (at) => this.view.getInt8(at), fallback);
  }
  uint8(id: number, fallback = 0): number {
    return this.scalar(id, 1, (at) => this.view.getUint8(at), fallback);
  }
  bool(id: number, fallback = false): boolean {
    return this.uint8(id, fallback ? 1 : 0) !== 0;
  }
  int32(id: number, fallback = 0): number {
    return this.scalar(id, 4, (at) => this.view.getInt32(at, true), fallback);
  }
  uint32(id: number, fallback = 0): number {
    return this.scalar(id, 4, (at) => this.view.getUint32(at, true), fallback);
  }
  float32(id: number, fallback = 0): number {
    return this.scalar(id, 4, (at) => this.view.getFloat32(at, true), fallback);
  }

  /** Absolute position that a reference field points to, or -1 when absent. */
  private deref(id: number): number {
    const o = this.fieldOffset(id);
    if (!o) return -1;
    const at = this.pos + o;
    this.check(at, 4);
    return at + this.view.getUint32(at, true);
  }

  table(id: number): Table | null {
    const at = this.deref(id);
    return at < 0 ? null : new Table(this.view, at);
  }

  string(id: number): string | null {
    const at = this.deref(id);
    if (at < 0) return null;
    const bytes = this.vectorBytes(at, 1);
    return new TextDecoder().decode(bytes);
  }

  /** Start and length of the vector at `at`, checked against the buffer. */
  private vectorAt(at: number, width: number): {start: number; length: number} {
    this.check(at, 4);
    const length = this.view.getUint32(at, true);
    this.check(at + 4, length * width);
    return {start: at + 4, length};
  }

  private vectorBytes(at: number, width: number): Uint8Array {
    const {start, length} = this.vectorAt(at, width);
    return new Uint8Array(this.view.buffer, this.view.byteOffset + start, length * width);
  }

  /** A [ubyte] vector as a view into the buffer (no copy). */
  bytes(id: number): Uint8Array | null {
    const at = this.deref(id);
    return at < 0 ? null : this.vectorBytes(at, 1);
  }

  private numbers(id: number, width: number, read: (at: number) => number): number[] {
    const at = this.deref(id);
    if (at < 0) return [];
    const {start, length} = this.vectorAt(at, width);
    return Array.from({length}, (_, i) => read(start + i * width));
  }

  int32s(id: number): number[] {
    return this.numbers(id, 4, (at) => this.view.getInt32(at, true));
  }
  float32s(id: number): number[] {
    return this.numbers(id, 4, (at) => this.view.getFloat32(at, true));
  }
  /** [long] as numbers (exact up to 2^53, ample for zero points). */
  int64s(id: number): number[] {
    return this.numbers(id, 8, (at) => Number(this.view.getBigInt64(at, true)));
  }

  tables(id: number): Table[] {
    const at = this.deref(id);
    if (at < 0) return [];
    const {start, length} = this.vectorAt(at, 4);
    return Array.from({length}, (_, i) => {
      const slot = start + 4 * i;
      return new Table(this.view, slot + this.view.getUint32(slot, true));
    });
  }
}

/** The root table of a flatbuffer; checks the 4-byte file identifier when one is given. */
export function rootTable(bytes: Uint8Array, identifier?: string): Table {
  if (bytes.byteLength < 8) throw new FlatBufferError(`flatbuffer: ${bytes.byteLength} bytes is too short`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (identifier !== undefined) {
    const got = new TextDecoder().decode(bytes.subarray(4, 8));
    if (got !== identifier) throw new FlatBufferError(`flatbuffer: file identifier is "${got.replace(/[^\x20-\x7e]/g, "?")}", expected "${identifier}"`);
  }
  return new Table(view, view.getUint32(0, true));
}
