// The adversarial study over the shapetex image set (see data/precompute/transfer.ts).
import {transferStudyJson} from "../../../data/precompute/transfer.ts";

process.stdout.write(await transferStudyJson("shapetex"));
