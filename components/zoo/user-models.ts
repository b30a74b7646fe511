// The page side of "bring your own model": a small registry of the reader's models that every
// chapter's model picker reads. Records keep the model's files (bytes), so a model added on one
// page is there on the next (IndexedDB; memory only where IndexedDB is unavailable), and a
// change event lets open pickers update.
//
// For chapter authors:
//   const records = userModelRecords();            // after `await restoreUserModels()`
//   options.push(...records.map((r) => ({value: r.id, text: `${r.name} (yours)`})));
//   if (isUserModelId(id)) model = await loadUserModel(id);
//   for await (const list of watchUserModels()) ... // reactive list (a Framework generator cell)
import {loadByom, type ByomReport, type ByomSource, type ByomSpec} from "./byom.ts";
import type {ZooModel} from "./types.ts";

export interface UserModelFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface UserModelRecord {
  id: string;
  name: string;
  spec: ByomSpec;
  files: UserModelFile[];
  report: Omit<ByomReport, "checks">;
  added: string;
}

const PREFIX = "user:";
const DB = "cnn-user-models", STORE = "models";
const records = new Map<string, UserModelRecord>();
const events = new EventTarget();
let restored: Promise<UserModelRecord[]> | null = null;

export const isUserModelId = (id: string) => id.startsWith(PREFIX);

/** Picked or fetched files -> a loadable source: one .tflite, or model.json + its shards. */
export function sourceFromFiles(files: UserModelFile[]): ByomSource {
  const tflite = files.find((f) => /\.tflite$/i.test(f.name));
  if (tflite) return {kind: "tflite", bytes: new Uint8Array(tflite.bytes), origin: tflite.name};
  const json = files.find((f) => /\.json$/i.test(f.name) && !/meta\.json$/i.test(f.name));
  if (!json) throw new Error("pick a model.json with its weight files (.bin), or one .tflite file");
  let modelJson: unknown;
  try {
    modelJson = JSON.parse(new TextDecoder().decode(json.bytes));
  } catch (e) {
    throw new Error(`${json.name} is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const byName = new Map(files.map((f) => [f.name.split(/[\\/]/).pop()!, f.bytes]));
  return {
    kind: "tfjs", modelJson, origin: json.name,
    readShard: async (p) => {
      const b = byName.get(p.split("/").pop()!);
      if (!b) throw new Error("not among the picked files");
      return b;
    },
  };
}

function openDb(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === "undefined") return Promise.resolve(null);
  return new Promise((resolve) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, {keyPath: "id"});
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null); // private mode and the like: memory only
  });
}

async function withStore<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  const db = await openDb();
  if (!db) return null;
  return new Promise((resolve) => {
    const req = f(db.transaction(STORE, mode).objectStore(STORE));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
  });
}

const changed = () => events.dispatchEvent(new Event("change"));

/** Loads the stored records once per page. */
export function restoreUserModels(): Promise<UserModelRecord[]> {
  restored ??= (async () => {
    const stored = (await withStore("readonly", (s) => s.getAll() as IDBRequest<UserModelRecord[]>)) ?? [];
    for (const r of stored) if (!records.has(r.id)) records.set(r.id, r);
    return userModelRecords();
  })();
  return restored;
}

export function userModelRecords(): UserModelRecord[] {
  return [...records.values()];
}

/** Validates the files and, when they pass, adds the model (and returns it loaded). */
export async function addUserModel(files: UserModelFile[], spec: ByomSpec): Promise<{record: UserModelRecord; model: ZooModel; report: ByomReport}> {
  const {model, report} = await loadByom(sourceFromFiles(files), spec);
  const {checks: _checks, ...summary} = report;
  const record: UserModelRecord = {id: model.id, name: model.name, spec: {...spec, id: model.id, name: model.name}, files, report: summary, added: new Date().toISOString()};
  records.set(record.id, record);
  await withStore("readwrite", (s) => s.put(record));
  changed();
  return {record, model, report};
}

export async function removeUserModel(id: string): Promise<void> {
  records.delete(id);
  await withStore("readwrite", (s) => s.delete(id));
  changed();
}

/** A fresh ZooModel of a stored record (the caller disposes it). */
export async function loadUserModel(id: string): Promise<ZooModel> {
  await restoreUserModels();
  const r = records.get(id);
  if (!r) throw new Error(`no model "${id}" among your models (they live in this browser only)`);
  return (await loadByom(sourceFromFiles(r.files), r.spec)).model;
}

export function onUserModelsChange(callback: (list: UserModelRecord[]) => void): () => void {
  const listener = () => callback(userModelRecords());
  events.addEventListener("change", listener);
  return () => events.removeEventListener("change", listener);
}

/** The list now and after every change: use as a Framework generator cell. */
export async function* watchUserModels(): AsyncGenerator<UserModelRecord[]> {
  yield await restoreUserModels();
  while (true) yield await new Promise<UserModelRecord[]>((resolve) => {
    const off = onUserModelsChange((list) => (off(), resolve(list)));
  });
}
