// "Render it yourself", following a picker: the live render of the picked channel, beside its
// precomputed render, and the headless command that reproduces it. The network is loaded
// from the page's model cache only when the reader presses Render.
import {hasRenders, labCommand} from "../../featvis/atlas.ts";
import {liveRender} from "../../ui/live-render.ts";
import {spriteTile, tileScale} from "../../ui/sprite.ts";
import {isUserModelId} from "../../zoo/user-models.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import type {FeatvisPick, FeatvisPicker} from "./picker.ts";
import type {FeatvisModels} from "./models.ts";
import type {FollowingFigure} from "./browser.ts";

export const LIVE_WIDGET = "featvis-live";

/** The precomputed render of the pick, captioned, for comparison (null when there is none). */
function precomputedFigure(pick: FeatvisPick): HTMLElement | null {
  if (!pick.rendered) return null;
  const figure = document.createElement("figure");
  figure.className = "cnn-figure cnn-live-precomputed";
  const caption = document.createElement("figcaption");
  caption.textContent = `Precomputed: ${pick.atlas.steps} steps, modern recipe.`;
  figure.append(caption);
  void spriteTile(pick.sheet, pick.channel, tileScale(pick.sheet), document.createElement("canvas"), pick.modelName)
    .then((canvas) => figure.prepend(canvas))
    .catch(() => { caption.textContent = "The precomputed render could not be shown."; });
  return figure;
}

export function featvisLive(picker: FeatvisPicker, models: FeatvisModels): FollowingFigure {
  const root = document.createElement("div") as unknown as FollowingFigure;
  root.className = "cnn-featvis-live";
  const command = document.createElement("p");
  command.className = "cnn-featvis-command";
  const targetOf = (pick: FeatvisPick) => ({
    modelId: pick.model, modelName: pick.modelName, layer: pick.layer, channel: pick.channel,
    load: () => models.get(pick.model), url: () => models.url(pick.model), compare: hasRenders(pick.sheet) ? precomputedFigure(pick) : null,
  });
  const live = liveRender({
    target: targetOf(picker.value),
    onResult: (r, t, s, engine) => reportResult(LIVE_WIDGET, {
      model: t.modelId, layer: t.layer, channel: t.channel, steps: r.steps, recipe: s.recipe, tv: s.tv, engine: engine.where, backend: engine.backend,
      objectiveBefore: r.objectiveBefore, objectiveAfter: r.objectiveAfter, cancelled: r.cancelled, seconds: Number(r.seconds.toFixed(2)),
    }),
  });
  live.id = "featvis-live";
  root.append(live, command);
  const showCommand = (pick: FeatvisPick) => {
    command.replaceChildren();
    if (isUserModelId(pick.model)) return; // the lab cannot read the reader's own files
    const code = document.createElement("code");
    code.textContent = labCommand(pick.model, pick.layer, pick.channel);
    command.append("Reproduce this render headless: ", code);
  };
  showCommand(picker.value);
  const stop = picker.onPick((pick) => {
    live.setTarget(targetOf(pick));
    showCommand(pick);
  });
  root.dispose = () => {
    stop();
    live.abort();
  };
  return root;
}
