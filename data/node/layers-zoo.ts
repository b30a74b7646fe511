// A zoo model by id with its LayersModel at hand (components/backward/layers-zoo.ts), through the
// same packed file the site ships, so Node and pages open a model the same way.
import {loadPackedWithLayers, type LayersZoo} from "../../components/backward/layers-zoo.ts";
import {packModelById} from "./zoo.ts";

export async function loadLayersZoo(id: string): Promise<LayersZoo> {
  return loadPackedWithLayers(await packModelById(id));
}
