import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { COMMANDS } from "../../automation/commands";
import { cidrCoveredBy } from "../../policies/lib/network";
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
const setupOf = (job: any): Record<string, any> =>
    steps(job).find((s) => s.uses === "./.github/actions/cloud-setup")?.with ?? {};

describe("CI workflows", () => {
    const files = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));
    const all = files.map((f) => ({ file: f, doc: workflow(f) }));
    const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);

    it("run every job that reaches a cluster on the fixed-IP runner group, every other on a hosted runner", () => {
        for (const { file, doc } of all) {
            for (const [name, job] of Object.entries<any>(doc.jobs)) {
                const reachesClusters = runs(job).some((command) => /npm run stack -- /.test(command));
                if (reachesClusters) {
                    assert.deepStrictEqual(
                        job["runs-on"],
                        { group: "${{ vars.DEPLOY_RUNNER_GROUP }}" },
                        `${file}: ${name}`,
                    );
                } else {
                    assert.strictEqual(job["runs-on"], "ubuntu-latest", `${file}: ${name}`);
                }
            }
        }
    });

    it("deploy stacks whose EKS endpoints admit the runner group's range (deployer.egressCidrs)", () => {
        const deployed = new Set(
            all.flatMap(({ doc }) =>
                Object.values<any>(doc.jobs).flatMap((job) =>
                    runs(job).flatMap((command) =>
                        [...command.matchAll(/npm run stack -- \S+ --stack (\w[\w-]*)/g)].map((m) => m[1]),
                    ),
                ),
            ),
        );
        assert.ok(deployed.has("dev") && deployed.has("prod"), [...deployed].join(", "));
        for (const stack of deployed) {
            const config = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")).config;
            const egress: string[] = config["gitops-platform:deployer"]?.egressCidrs ?? [];
            for (const cluster of config["gitops-platform:clusters"].filter((c: any) => c.cloud === "aws")) {
                assert.ok(egress.length > 0, `${stack}: no deployer.egressCidrs`);
                for (const cidr of egress)
                    assert.ok(
                        cidrCoveredBy(cidr, cluster.endpointPublicAccessCidrs ?? []),
                        `${stack}/${cluster.name}: ${cidr}`,
                    );
            }
        }
    });

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

    it("nightly: drift for dev and prod, each in its stack's environment (prod in production)", () => {
        const drift = workflow("drift.yml");
        assert.ok(Array.isArray(drift.on.schedule) && drift.on.schedule[0].cron);
        assert.deepStrictEqual(runs(drift.jobs["drift-dev"]), ["npm run stack -- drift --stack dev"]);
        assert.deepStrictEqual(runs(drift.jobs["drift-prod"]), ["npm run stack -- drift --stack prod"]);
        assert.strictEqual(drift.jobs["drift-dev"].environment, "dev");
        assert.strictEqual(drift.jobs["drift-prod"].environment, "production");
        for (const job of Object.values<any>(drift.jobs)) assert.strictEqual(setupOf(job)["github-access"], "read");
    });

    describe("least privilege, pinning, concurrency and credential lifetimes", () => {
        const action = fs.readFileSync(path.join(ROOT, ".github", "actions", "cloud-setup", "action.yml"), "utf8");
        const actionDoc = parse(action);
        const texts = [
            ...files.map((f) => ({ file: f, text: fs.readFileSync(path.join(WORKFLOWS, f), "utf8") })),
            { file: "actions/cloud-setup/action.yml", text: action },
        ];
        const jobs = all.flatMap(({ file, doc }) =>
            Object.entries<any>(doc.jobs).map(([name, job]) => ({ file, name, job })),
        );
        const cloudJobs = jobs.filter(({ job }) => usesCloud(job));
        const stackCommands = (job: any) => runs(job).filter((r) => /npm run stack -- (up|destroy|drift)\b/.test(r));

        it("pin every action by a full commit SHA with its release tag in a comment, one SHA per action", () => {
            const pins = new Map<string, string>();
            let count = 0;
            for (const { file, text } of texts) {
                for (const line of text.split("\n").filter((l) => /^\s*-?\s*uses:/.test(l))) {
                    const uses = line.replace(/^\s*-?\s*uses:\s*/, "");
                    if (uses.startsWith("./")) continue;
                    const match = /^([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(uses);
                    assert.ok(match, `${file}: \`${uses}\` is not pinned as <action>@<sha> # vX.Y.Z`);
                    const pin = `${match[2]} ${match[3]}`;
                    assert.strictEqual(pins.get(match[1]) ?? pin, pin, `${file}: ${match[1]} pinned two ways`);
                    pins.set(match[1], pin);
                    count++;
                }
            }
            assert.ok(count >= 10, `${count} pinned uses`);
            for (const name of [
                "actions/checkout",
                "actions/setup-node",
                "aws-actions/configure-aws-credentials",
                "google-github-actions/auth",
                "actions/create-github-app-token",
                "pulumi/actions",
                "pulumi/auth-actions",
            ]) {
                assert.ok(pins.has(name), `${name} is used and pinned`);
            }
        });

        it("pin the Pulumi CLI to the version of the SDK in package-lock.json", () => {
            const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
            const sdk = lock.packages["node_modules/@pulumi/pulumi"].version;
            const install = actionDoc.runs.steps.find((st: any) => String(st.uses).startsWith("pulumi/actions@"));
            assert.strictEqual(install.with["pulumi-version"], sdk);
        });

        it("check out without persisting the job's token in .git/config", () => {
            const checkouts = jobs.flatMap(({ file, name, job }) =>
                steps(job)
                    .filter((st) => String(st.uses ?? "").startsWith("actions/checkout@"))
                    .map((st) => ({ where: `${file}: ${name}`, st })),
            );
            assert.ok(checkouts.length >= jobs.length - 1);
            for (const { where, st } of checkouts) assert.strictEqual(st.with?.["persist-credentials"], false, where);
        });

        it("pull-request previews: their own read-only identities in their own environment, a read-only App token", () => {
            const prText = fs.readFileSync(path.join(WORKFLOWS, "pull-request.yml"), "utf8");
            assert.deepStrictEqual(
                [...new Set(prText.match(/secrets\.\w+/g))],
                ["secrets.GITOPS_PREVIEW_APP_PRIVATE_KEY"],
                "no deploy secret reaches unreviewed code",
            );
            const preview = workflow("pull-request.yml").jobs.preview;
            assert.strictEqual(preview.environment, "preview");
            for (const { file, name, job } of jobs) {
                if (job.environment === "preview") assert.strictEqual(`${file}: ${name}`, "pull-request.yml: preview");
            }
            const setup = setupOf(preview);
            assert.match(
                setup["aws-role-arn"],
                /^\$\{\{ matrix\.stack == 'prod' && vars\.AWS_PREVIEW_ROLE_ARN_PROD \|\| vars\.AWS_PREVIEW_ROLE_ARN_DEV \}\}$/,
            );
            assert.match(
                setup["gcp-service-account"],
                /GCP_PREVIEW_SERVICE_ACCOUNT_PROD .*GCP_PREVIEW_SERVICE_ACCOUNT_DEV/,
            );
            assert.strictEqual(
                setup["gcp-workload-identity-provider"],
                "${{ vars.GCP_PREVIEW_WORKLOAD_IDENTITY_PROVIDER }}",
            );
            assert.strictEqual(setup["pulumi-team"], "${{ vars.PULUMI_PREVIEW_TEAM }}");
            assert.strictEqual(setup["github-app-client-id"], "${{ vars.GITOPS_PREVIEW_APP_CLIENT_ID }}");
            assert.strictEqual(setup["github-access"], "read");
            assert.deepStrictEqual(preview.permissions, { contents: "read", "id-token": "write" });
        });

        it("deploy jobs: in their environment, with its own role variables and App key (environment secrets)", () => {
            const deploy = cloudJobs.filter(({ job }) => stackCommands(job).length > 0);
            assert.ok(deploy.length >= 6, deploy.map((d) => d.name).join(", "));
            for (const { file, name, job } of deploy) {
                const where = `${file}: ${name}`;
                assert.ok(
                    ["dev", "production", "${{ inputs.stack == 'prod' && 'production' || 'dev' }}"].includes(
                        job.environment,
                    ),
                    where,
                );
                const prod = stackCommands(job).some((r) => /--stack prod\b/.test(r));
                if (prod) assert.strictEqual(job.environment, "production", `${where}: prod runs in production`);
                const setup = setupOf(job);
                assert.strictEqual(setup["aws-role-arn"], "${{ vars.AWS_ROLE_ARN }}", where);
                assert.strictEqual(setup["gcp-service-account"], "${{ vars.GCP_SERVICE_ACCOUNT }}", where);
                assert.strictEqual(
                    setup["gcp-workload-identity-provider"],
                    "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
                    where,
                );
                assert.strictEqual(setup["pulumi-team"], "${{ vars.PULUMI_DEPLOY_TEAM }}", where);
                assert.strictEqual(setup["github-app-private-key"], "${{ secrets.GITOPS_APP_PRIVATE_KEY }}", where);
                const writes = stackCommands(job).some((r) => /stack -- (up|destroy)\b/.test(r));
                assert.strictEqual(setup["github-access"], writes ? "write" : "read", where);
            }
            for (const { file, name, job } of jobs) {
                if (JSON.stringify(job).includes("secrets."))
                    assert.ok(job.environment, `${file}: ${name} reads a secret outside an environment`);
            }
        });

        it("restrict the App token to the GitOps repository, and ask Pulumi Cloud for a team token", () => {
            const appToken = actionDoc.runs.steps.find((st: any) =>
                String(st.uses).startsWith("actions/create-github-app-token@"),
            );
            assert.strictEqual(appToken.with.repositories, "${{ inputs.gitops-repository }}");
            assert.strictEqual(appToken.with.owner, "${{ inputs.gitops-owner }}");
            assert.strictEqual(appToken.with["client-id"], "${{ inputs.github-app-client-id }}");
            const auth = actionDoc.runs.steps.find((st: any) => String(st.uses).startsWith("pulumi/auth-actions@"));
            assert.strictEqual(auth.with["requested-token-type"], "urn:pulumi:token-type:access_token:team");
            assert.strictEqual(auth.with.scope, "team:${{ inputs.pulumi-team }}");
        });

        it("per-stack job-level concurrency that never cancels, teardown groups shared with nothing else", () => {
            for (const { file, doc } of all.filter((w) => w.file !== "pull-request.yml")) {
                assert.strictEqual(doc.concurrency, undefined, `${file}: no workflow-level group holding every job`);
            }
            const groups = new Map<string, string[]>();
            for (const { file, name, job } of jobs.filter(({ job }) => stackCommands(job).length > 0)) {
                const where = `${file}: ${name}`;
                assert.strictEqual(job.concurrency?.["cancel-in-progress"], false, where);
                const group = String(job.concurrency.group);
                assert.ok(/(dev|prod|\$\{\{ inputs\.stack \}\})$/.test(group), `${where}: ${group} is per stack`);
                groups.set(group, [...(groups.get(group) ?? []), where]);
            }
            for (const [group, users] of groups) assert.strictEqual(users.length, 1, `${group}: ${users.join(", ")}`);
            const teardown = workflow("teardown.yml");
            assert.deepStrictEqual(Object.keys(teardown.jobs), ["teardown", "destroy"]);
            assert.strictEqual(teardown.jobs.destroy.needs, "teardown");
            assert.match(
                runs(teardown.jobs.teardown)[0],
                /destroy --stack \$\{\{ inputs\.stack \}\} --yes --teardown-only/,
            );
        });

        it("credentials outlive each job: explicit durations within the limits, App-token jobs within one hour", () => {
            const install = actionDoc.runs.steps;
            const aws = install.find((st: any) => String(st.uses).startsWith("aws-actions/configure-aws-credentials@"));
            assert.strictEqual(aws.with["role-duration-seconds"], "${{ inputs.credential-seconds }}");
            const auth = install.find((st: any) => String(st.uses).startsWith("pulumi/auth-actions@"));
            assert.strictEqual(auth.with["token-expiration"], "${{ inputs.credential-seconds }}");
            for (const { file, name, job } of cloudJobs) {
                const where = `${file}: ${name}`;
                const seconds = Number(setupOf(job)["credential-seconds"]);
                assert.ok(seconds >= 900 && seconds <= 43_200, `${where}: ${seconds} s is within AWS's 900-43200`);
                assert.ok(job["timeout-minutes"] * 60 <= seconds, `${where}: the job may outlive its credentials`);
                if (setupOf(job)["github-app-client-id"]) {
                    assert.ok(
                        seconds <= 3600 && job["timeout-minutes"] <= 60,
                        `${where}: the App token lives one hour`,
                    );
                }
            }
        });
    });
});
