// Cue-conflict file names as the paper's stimuli spell them: "cat7-elephant1.png" is the shape
// of cat image 7 with the texture of elephant image 1, and sits in the folder of its shape
// category. The raw-data CSVs prefix the name with the trial ("0001_s5n_dnn_0_cat_00_").
export interface StimulusName {
  shape: string;
  texture: string;
  /** e.g. "cat7". */
  shapeImage: string;
  textureImage: string;
}

const PATTERN = /(?:^|_)([a-z]+)(\d+)-([a-z]+)(\d+)\.(?:png|jpe?g)$/i;

/** The cues of a cue-conflict file name, or null when the name is not of that form. */
export function parseStimulusName(name: string): StimulusName | null {
  const base = name.split(/[\\/]/).pop() ?? name;
  const m = PATTERN.exec(base);
  if (!m) return null;
  const shape = m[1].toLowerCase(), texture = m[3].toLowerCase();
  return {shape, texture, shapeImage: shape + m[2], textureImage: texture + m[4]};
}
