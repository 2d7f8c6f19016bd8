import * as fs from "fs";

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
