import type { Api } from './api-types.js';

/**
 * Records the URL of every route registered from now on, and answers whether any route lies
 * under a path: the catalog advertises a service only where its routes are.
 */
export function trackServedPaths(app: Api): (path: string) => boolean {
  const urls: string[] = [];
  app.addHook('onRoute', (route) => {
    urls.push(route.url);
  });
  return (path) => {
    const prefix = path.replace(/\/+$/, '');
    return urls.some((url) => url === prefix || url.startsWith(`${prefix}/`));
  };
}
