// Style sheets are bundled by esbuild (build.js), which writes them to the stylesheet index.html links.
declare module '*.css';
