import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

/** The page's files: plain HTML, CSS and JavaScript modules, copied next to this module by the build. */
export const UI_DIR = fileURLToPath(new URL('./static/', import.meta.url));

/**
 * The operator page at /ui: executions (filtered, live) and one execution's tasks as a timeline,
 * fed by the same API and event streams as the CLI. Static files only; nothing to build.
 */
export function uiRoutes(): Router {
  const router = Router();
  router.use('/ui', (_req, res, next) => {
    res.setHeader('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    next();
  }, express.static(UI_DIR, { index: 'index.html', redirect: true, fallthrough: true, dotfiles: 'ignore', etag: true, maxAge: 0 }));
  return router;
}
