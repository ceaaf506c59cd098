// Vite turns these imports into URLs of emitted files (or injects the stylesheet).
declare module '*.wav' {
  const url: string;
  export default url;
}
declare module '*.css';
