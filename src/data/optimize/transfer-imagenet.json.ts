// The adversarial study over the imagenet image set (see data/precompute/transfer.ts).
import {transferStudyJson} from "../../../data/precompute/transfer.ts";

process.stdout.write(await transferStudyJson("imagenet"));
