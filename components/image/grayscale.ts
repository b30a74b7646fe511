// Grayscale as in Geirhos et al. (ICLR 2019, Section 2.2 "Greyscale"): luminance with
// skimage.color.rgb2gray's weights (Rec. 709: 0.2125 R + 0.7154 G + 0.0721 B), kept as three
// equal channels so every network still gets an RGB input.
export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA bytes, row-major. */
  data: Uint8ClampedArray;
}

/** One float in [0, 1] per pixel. */
export interface GrayImage {
  width: number;
  height: number;
  data: Float32Array;
}

export const LUMA = [0.2125, 0.7154, 0.0721] as const;

/** Luminance in [0, 1], transparent pixels composited over white. */
export function luminance(img: RgbaImage): GrayImage {
  const {width, height, data} = img, out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const a = data[4 * i + 3] / 255;
    const y = (LUMA[0] * data[4 * i] + LUMA[1] * data[4 * i + 1] + LUMA[2] * data[4 * i + 2]) / 255;
    out[i] = y * a + (1 - a);
  }
  return {width, height, data: out};
}

/** A gray image back to opaque RGBA. */
export function grayToRgba(g: GrayImage): RgbaImage {
  const data = new Uint8ClampedArray(g.width * g.height * 4);
  for (let i = 0; i < g.data.length; i++) {
    const v = Math.round(Math.min(1, Math.max(0, g.data[i])) * 255);
    data[4 * i] = data[4 * i + 1] = data[4 * i + 2] = v;
    data[4 * i + 3] = 255;
  }
  return {width: g.width, height: g.height, data};
}

export function grayscale(img: RgbaImage): RgbaImage {
  return grayToRgba(luminance(img));
}
