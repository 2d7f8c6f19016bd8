// Preloaded (`node -r`) into each process the benchmark measures: on exit, writes the process's peak resident
// set size to the file in BENCH_PROBE, so the figures are the whole process's, start to exit.
import * as fs from "fs";

const target = process.env.BENCH_PROBE;
if (target) {
    process.on("exit", () => {
        fs.writeFileSync(target, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
    });
}
