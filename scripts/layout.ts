import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { InvalidConfigError, PROJECT_NAME, parsePlatformConfig } from "../config/load";
import { readStackFile } from "../config/stackFile";
import { repositoryLayout } from "../components/gitops/seed";

const usage = "usage: npm run layout -- --stack <name> [--config <file>] [--out <dir>]";

/**
 * `npm run layout`: writes the GitOps repository's initial layout for a stack, the same files `gitops.seed`
 * would commit, so repositories Pulumi does not seed (any Git server, the local stack) can be pushed by hand.
 */
function main(argv: string[]): number {
    const { values } = parseArgs({
        args: argv,
        options: { stack: { type: "string" }, config: { type: "string" }, out: { type: "string" } },
    });
    if (!values.stack) {
        console.error(usage);
        return 2;
    }
    const root = path.resolve(__dirname, "..");
    const configFile = path.resolve(values.config ?? path.join(root, `Pulumi.${values.stack}.yaml`));
    const outDir = path.resolve(values.out ?? path.join(root, "out", "layout", values.stack));
    const { config, secretKeys } = readStackFile(configFile, PROJECT_NAME);
    const prefix = `${PROJECT_NAME}:`;
    const raw = Object.fromEntries(
        Object.entries(config)
            .filter(([k]) => k.startsWith(prefix))
            .map(([k, v]) => [k.slice(prefix.length), v]),
    );
    try {
        const parsed = parsePlatformConfig(raw, (key) => secretKeys.includes(prefix + key));
        const files = repositoryLayout({
            clusterNames: parsed.clusters.map((c) => c.name),
            environment: parsed.environment,
            gitops: parsed.gitops,
            teams: parsed.teams,
            argocd: parsed.argocd,
        });
        for (const file of files) {
            const target = path.join(outDir, file.path);
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, file.content);
        }
        console.log(
            `wrote ${files.length} files of the GitOps layout to ${path.relative(process.cwd(), outDir) || "."}`,
        );
        return 0;
    } catch (error) {
        if (error instanceof InvalidConfigError) {
            console.error(`${path.relative(process.cwd(), configFile)}: ${error.message}`);
            return 1;
        }
        throw error;
    }
}

process.exit(main(process.argv.slice(2)));
