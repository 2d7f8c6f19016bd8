import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { COMMANDS } from "../../automation/commands";
import { ROOT } from "../helpers";

/* eslint-disable @typescript-eslint/no-explicit-any -- workflow files are untyped YAML */

const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const workflow = (name: string): any => parse(fs.readFileSync(path.join(WORKFLOWS, name), "utf8"));
const steps = (job: any): any[] => job.steps ?? [];
const runs = (job: any): string[] => steps(job).flatMap((s) => (s.run ? [String(s.run)] : []));
const stacks = fs
    .readdirSync(ROOT)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
const usesCloud = (job: any) => steps(job).some((s) => s.uses === "./.github/actions/cloud-setup");

describe("CI workflows", () => {
    const files = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));
    const all = files.map((f) => ({ file: f, doc: workflow(f) }));
    const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);

    it("call the runner or npm scripts that exist, never the pulumi CLI directly", () => {
        for (const { file, doc } of all) {
            for (const job of Object.values<any>(doc.jobs)) {
                for (const command of runs(job)) {
                    assert.doesNotMatch(command, /(^|[\s;&|])pulumi\s/, `${file}: ${command}`);
                    for (const [, script] of command.matchAll(/npm run ([\w:-]+)/g)) {
                        assert.ok(scripts.includes(script), `${file}: npm run ${script} is not a script`);
                    }
                    for (const [, command2] of command.matchAll(/npm run stack -- (\S+)/g)) {
                        assert.ok((COMMANDS as readonly string[]).includes(command2), `${file}: ${command2}`);
                    }
                }
            }
        }
    });

    it("hold no long-lived cloud credential; jobs with cloud access ask for an OIDC token", () => {
        for (const { file, doc } of all) {
            const text = fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
            assert.doesNotMatch(
                text,
                /AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|GOOGLE_CREDENTIALS|credentials_json|PULUMI_ACCESS_TOKEN/,
                file,
            );
            for (const [name, job] of Object.entries<any>(doc.jobs)) {
                if (usesCloud(job)) assert.strictEqual(job.permissions?.["id-token"], "write", `${file}: ${name}`);
            }
        }
        const action = fs.readFileSync(path.join(ROOT, ".github", "actions", "cloud-setup", "action.yml"), "utf8");
        assert.match(action, /role-to-assume/);
        assert.match(action, /workload_identity_provider/);
        assert.match(action, /pulumi\/auth-actions/);
    });

    it("on pull requests: run the tests, render and policy-check every stack, preview dev and prod", () => {
        const pr = workflow("pull-request.yml");
        assert.ok("pull_request" in pr.on);
        assert.ok(runs(pr.jobs.test).includes("bash .ci/run"));
        assert.deepStrictEqual([...pr.jobs.offline.strategy.matrix.stack].sort(), stacks);
        assert.deepStrictEqual(runs(pr.jobs.offline).slice(1), [
            "npm run render -- --stack ${{ matrix.stack }}",
            "npm run policy -- --stack ${{ matrix.stack }}",
        ]);
        assert.deepStrictEqual(pr.jobs.preview.strategy.matrix.stack, ["dev", "prod"]);
        assert.deepStrictEqual(runs(pr.jobs.preview), ["npm run stack -- preview --stack ${{ matrix.stack }}"]);
    });

    it("on main: up dev, then prod behind the production environment's approval", () => {
        const main = workflow("main.yml");
        assert.deepStrictEqual(main.on.push.branches, ["main"]);
        assert.strictEqual(main.jobs["up-dev"].needs, "test");
        assert.deepStrictEqual(runs(main.jobs["up-dev"]), [
            "npm run stack -- up --stack dev",
            "npm run stack -- verify --stack dev",
        ]);
        assert.strictEqual(main.jobs["up-prod"].needs, "up-dev");
        assert.strictEqual(main.jobs["up-prod"].environment, "production");
        assert.ok(runs(main.jobs["up-prod"]).includes("npm run stack -- up --stack prod --yes"));
        assert.strictEqual(main.concurrency["cancel-in-progress"], false);
    });

    it("set up Node 24 wherever they install Node", () => {
        const action = parse(
            fs.readFileSync(path.join(ROOT, ".github", "actions", "cloud-setup", "action.yml"), "utf8"),
        );
        const setups = [
            ...all.flatMap(({ doc }) => Object.values<any>(doc.jobs).flatMap(steps)),
            ...action.runs.steps,
        ].filter((s) => String(s.uses ?? "").startsWith("actions/setup-node"));
        assert.ok(setups.length > 0);
        for (const setup of setups) assert.strictEqual(setup.with?.["node-version"], 24);
    });

    it("nightly: drift for dev and prod", () => {
        const drift = workflow("drift.yml");
        assert.ok(Array.isArray(drift.on.schedule) && drift.on.schedule[0].cron);
        assert.deepStrictEqual(drift.jobs.drift.strategy.matrix.stack, ["dev", "prod"]);
        assert.deepStrictEqual(runs(drift.jobs.drift), ["npm run stack -- drift --stack ${{ matrix.stack }}"]);
    });
});
