// The TypeScript loader of the project's command lines (`node -r ./cli/register.js`): ts-node without type
// checking (that is `npm test`'s job), transpiling with swc, which takes milliseconds per file where
// TypeScript's transpileModule takes tens. swc's CommonJS output needs a module kind ts-node maps ("nodenext";
// tsconfig.json's "node20" is newer than ts-node's table), which only this loader sees.
require("ts-node").register({
    transpileOnly: true,
    swc: true,
    compilerOptions: { module: "nodenext", moduleResolution: "nodenext" },
});
