// Embeddable figures of the "optimizing the input" chapter (see components/site/embed-registry.ts).
// Each figure keeps its state under its own prefix: "adv.", "classvis.", "dream.", "dir.".
import type {EmbedEntry} from "../../ui/embed-code.ts";

const chapter = {title: "Optimizing the input", path: "/optimizing-the-input"};

/** FGSM / targeted PGD on a sample: adv.model, adv.image, adv.attack, adv.eps, adv.step, adv.iterations, adv.target. */
export const ADVERSARIAL_EMBED: EmbedEntry = {widget: "adversarial", title: "Adversarial examples: FGSM and a targeted attack", keys: ["adv."], height: 1100, chapter};

/** Class model visualization: classvis.model, classvis.class, classvis.steps, classvis.decay. */
export const CLASSVIS_EMBED: EmbedEntry = {widget: "classvis", title: "Class model visualization", keys: ["classvis."], height: 700, chapter};

/** DeepDream: dream.model, dream.image, dream.layer, dream.one, dream.channel, dream.octaves, dream.steps. */
export const DREAM_EMBED: EmbedEntry = {widget: "dream", title: "DeepDream on an image", keys: ["dream."], height: 900, chapter};

/** Semantic directions (Szegedy et al. 2013): dir.model, dir.layer, dir.unit, dir.seed. */
export const DIRECTIONS_EMBED: EmbedEntry = {widget: "directions", title: "Semantic directions: a unit and a random direction", keys: ["dir."], height: 900, chapter};

export const OPTIMIZE_EMBEDS: EmbedEntry[] = [ADVERSARIAL_EMBED, CLASSVIS_EMBED, DREAM_EMBED, DIRECTIONS_EMBED];
