import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { newProgram } from "../cli/program";

/** The markers around a generated part of a Markdown document. */
export interface GeneratedMarkers {
    begin: string;
    end: string;
}

/** Replaces the text between the markers of a document with `body`; throws when the markers are missing. */
export function withGeneratedSection(document: string, markers: GeneratedMarkers, body: string): string {
    const begin = document.indexOf(markers.begin);
    const end = document.indexOf(markers.end);
    if (begin < 0 || end < begin)
        throw new Error(`the document has no "${markers.begin}" ... "${markers.end}" section`);
    return `${document.slice(0, begin + markers.begin.length)}\n${body}\n${document.slice(end)}`;
}

/** Rewrites the generated section of a Markdown file in place. */
export function updateGeneratedSection(file: string, markers: GeneratedMarkers, body: string): void {
    fs.writeFileSync(file, withGeneratedSection(fs.readFileSync(file, "utf8"), markers, body));
}

/**
 * The command line of a docs generator (`npm run docs:*`): takes no arguments but `--help` (which writes
 * nothing), and on its action rewrites the generated section of `file` with `body()`.
 */
export function docsProgram(
    script: string,
    file: string,
    markers: GeneratedMarkers,
    body: () => string,
    what: string,
): Command {
    return newProgram(
        `npm run ${script} --`,
        `Regenerate ${what} in ${path.relative(path.resolve(__dirname, ".."), file)}.`,
    ).action(() => {
        updateGeneratedSection(file, markers, body());
        console.log(`updated ${path.relative(process.cwd(), file)}`);
    });
}
