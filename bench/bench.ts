import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { CliError, EXIT } from "../cli/exitCodes";
import { newProgram, numberArgument } from "../cli/program";
import { runMain } from "../cli/run";

const ROOT = path.resolve(__dirname, "..");
/** The loader of the project's command lines (package.json's scripts). */
const LOADER = path.join(ROOT, "cli", "register.js");
const PROBE = path.join(__dirname, "probe.ts");

/** One measured process: wall time from spawn to exit, and its peak resident set size. */
interface Sample {
    seconds: number;
    rssMb: number;
}

/** A stack the benchmark renders: its name and stack file. */
interface BenchStack {
    label: string;
    stack: string;
    configFile: string;
}

/**
 * The stack file of `count` clusters: prod's settings (Argo CD HA, SSO, notifications, teams), with its EKS and
 * GKE clusters repeated alternately under new names.
 */
export function manyClusters(prodFile: string, count: number): string {
    const document = YAML.parse(fs.readFileSync(prodFile, "utf8")) as { config: Record<string, unknown> };
    const clusters = document.config["gitops-platform:clusters"] as { name: string; cloud: string }[];
    document.config["gitops-platform:clusters"] = Array.from({ length: count }, (_, i) => ({
        ...clusters[i % clusters.length],
        name: `c${String(i + 1).padStart(3, "0")}-${clusters[i % clusters.length].cloud === "aws" ? "eks" : "gke"}`,
    }));
    return YAML.stringify(document);
}

/** Runs a TypeScript entry point as its own process (as `npm run` does) and measures it. */
function measure(script: string, args: string[]): Sample {
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-probe-")), "probe.json");
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["-r", LOADER, "-r", PROBE, script, ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, BENCH_PROBE: probe, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") },
        maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) {
        throw new CliError(`${path.basename(script)} ${args.join(" ")} failed:\n${result.stderr}`, EXIT.failed);
    }
    const { maxRssKb } = JSON.parse(fs.readFileSync(probe, "utf8")) as { maxRssKb: number };
    fs.rmSync(path.dirname(probe), { recursive: true, force: true });
    return { seconds, rssMb: maxRssKb / 1024 };
}

const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** One row of the table: medians of render and floor, and their ratios. */
export function formatRow(label: string, resources: number, render: Sample, floor: Sample): string {
    return [
        label.padEnd(12),
        String(resources).padStart(9),
        render.seconds.toFixed(2).padStart(9),
        floor.seconds.toFixed(2).padStart(8),
        `${(render.seconds / floor.seconds).toFixed(2)}x`.padStart(7),
        render.rssMb.toFixed(0).padStart(10),
        floor.rssMb.toFixed(0).padStart(9),
        `${(render.rssMb / floor.rssMb).toFixed(2)}x`.padStart(7),
    ].join("  ");
}

/** The table's heading, aligned with {@link formatRow}. */
export const HEADER = [
    "stack".padEnd(12),
    "resources".padStart(9),
    "render s".padStart(9),
    "floor s".padStart(8),
    "time".padStart(7),
    "render MB".padStart(10),
    "floor MB".padStart(9),
    "memory".padStart(7),
].join("  ");

function benchStack(target: BenchStack, runs: number): string {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${target.stack}-`));
    const renderArgs = ["--stack", target.stack, "--config", target.configFile, "--out", path.join(out, "render")];
    const renders: Sample[] = [];
    const floors: Sample[] = [];
    for (let i = 0; i < runs; i++) {
        // Alternated, so a change in the machine's load falls on both alike.
        renders.push(measure(path.join(ROOT, "render", "cli.ts"), renderArgs));
        floors.push(measure(path.join(__dirname, "floor.ts"), [path.join(out, "render", "resources.json")]));
    }
    const resources = (JSON.parse(fs.readFileSync(path.join(out, "render", "resources.json"), "utf8")) as unknown[])
        .length;
    fs.rmSync(out, { recursive: true, force: true });
    const med = (samples: Sample[]) => ({
        seconds: median(samples.map((s) => s.seconds)),
        rssMb: median(samples.map((s) => s.rssMb)),
    });
    return formatRow(target.label, resources, med(renders), med(floors));
}

/**
 * `npm run bench`: whole-process time and peak memory of the offline render against the floor (the bare SDK
 * registering the same resources with the same providers under mocks), median of `--runs`, for the prod stack
 * and stacks of 1, 10 and 100 clusters.
 */
const program = newProgram(
    "npm run bench --",
    "Benchmark the offline render against the bare SDK under mocks (whole process, median of runs).",
)
    .option(
        "--runs <n>",
        "runs of each measurement (the median is shown)",
        numberArgument({ min: 1, integer: true }),
        5,
    )
    .option("--clusters <list>", "cluster counts of the generated stacks, comma-separated", "1,10,100")
    .action((options: { runs: number; clusters: string }) => {
        const counts = options.clusters.split(",").map((c) => numberArgument({ min: 1, max: 500, integer: true })(c));
        const prodFile = path.join(ROOT, "Pulumi.prod.yaml");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-stacks-"));
        const stacks: BenchStack[] = [
            { label: "prod", stack: "prod", configFile: prodFile },
            ...counts.map((count) => {
                const configFile = path.join(dir, `Pulumi.bench-${count}.yaml`);
                fs.writeFileSync(configFile, manyClusters(prodFile, count));
                return { label: `${count} cluster${count === 1 ? "" : "s"}`, stack: "prod", configFile };
            }),
        ];
        console.log(`node ${process.version}, ${os.cpus().length} CPUs, median of ${options.runs} runs`);
        console.log(HEADER);
        for (const target of stacks) console.log(benchStack(target, options.runs));
        fs.rmSync(dir, { recursive: true, force: true });
    });

if (require.main === module) runMain(program);
