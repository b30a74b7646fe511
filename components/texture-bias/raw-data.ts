// The per-trial CSVs of Geirhos et al.'s cue-conflict experiment (raw-data/style-transfer-512-
// nomask-experiment/*.csv in their repository): one row per trial,
//   subj,session,trial,rt,object_response,category,condition,imagename
// where `category` is the shape category and the texture is read from the image name.
import {parseStimulusName} from "./stimulus-name.ts";
import type {Trial} from "./shape-bias.ts";

export interface RawTrial extends Trial {
  subject: string;
  imagename: string;
}

export function parseRawCsv(text: string): RawTrial[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (!lines.length) return [];
  const header = lines[0].split(",").map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`raw data: no "${name}" column (header: ${header.join(",")})`);
    return i;
  };
  const subj = col("subj"), resp = col("object_response"), cat = col("category"), img = col("imagename");
  return lines.slice(1).map((line, k) => {
    const f = line.split(",");
    const cues = parseStimulusName(f[img]);
    if (!cues) throw new Error(`raw data line ${k + 2}: cannot read cues from image name "${f[img]}"`);
    if (cues.shape !== f[cat]) throw new Error(`raw data line ${k + 2}: category ${f[cat]} but image ${f[img]}`);
    return {subject: f[subj], imagename: f[img], shape: cues.shape, texture: cues.texture, response: f[resp]};
  });
}

/** Who an observer is, from the file's subject column: humans are "subject-NN". */
export const isHuman = (subject: string) => /^subject-\d+$/.test(subject);
