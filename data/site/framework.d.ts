// The two internals of Observable Framework 1.13 that data/site/build.ts calls (the package
// ships no type declarations).
declare module "@observablehq/framework/dist/build.js" {
  export function build(options: {config: unknown}): Promise<void>;
}
declare module "@observablehq/framework/dist/config.js" {
  export function readConfig(configPath?: string, root?: string): Promise<unknown>;
  export function setCurrentDate(date: Date | null): void;
}
