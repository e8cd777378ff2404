// Vite bundles imported stylesheets; to the compiler they are side-effect-only modules.
declare module '*.css';
