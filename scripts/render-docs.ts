import * as path from "path";
import { newProgram } from "../cli/program";
import { runMain } from "../cli/run";
import { loadOfflineStack, renderOfflineStack } from "../render/cliSupport";
import { stackDiagram } from "../render/diagram";
import { updateGeneratedSection } from "./generatedSection";

/** The markers around the dev stack's diagram in docs/render.md. */
export const RENDER_DIAGRAM_MARKERS = {
    begin: "<!-- BEGIN generated: the dev stack's diagram (npm run docs:render) -->",
    end: "<!-- END generated: the dev stack's diagram -->",
};

/** The stack whose diagram docs/render.md shows. */
export const DOCUMENTED_STACK = "dev";

/** The generated section of docs/render.md: the documented stack's diagram, as the render draws it. */
export async function renderDocsDiagram(): Promise<string> {
    const { result, diagram } = await renderOfflineStack(loadOfflineStack({ stack: DOCUMENTED_STACK }));
    return ["", "```mermaid", stackDiagram({ ...diagram, resources: result.resources }).trimEnd(), "```", ""].join(
        "\n",
    );
}

if (require.main === module) {
    // `npm run docs:render`: regenerates the dev stack's diagram in docs/render.md.
    const file = path.resolve(__dirname, "..", "docs", "render.md");
    runMain(
        newProgram("npm run docs:render --", "Regenerate the dev stack's diagram in docs/render.md.").action(
            async () => {
                updateGeneratedSection(file, RENDER_DIAGRAM_MARKERS, await renderDocsDiagram());
                console.log(`updated ${path.relative(process.cwd(), file)}`);
            },
        ),
    );
}
