// esbuild bundles imported CSS into main.css beside main.js; the import has no value.
declare module '*.css';
