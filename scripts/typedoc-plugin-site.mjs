// A tiny typedoc plugin for the screenpop docs site: a "Playground" link on
// every page (relative, so the site works from file:// and any sub-path).
// The playground itself is copied into docs/site/playground/ by
// scripts/build-docs.mjs after typedoc has written the site.
import { Converter, JSX, ReflectionKind } from 'typedoc';

/** Entry file → the module name users import (unless the file names itself with `@module`). */
const MODULE_NAMES = { index: 'screenpop', params: 'screenpop/params', testing: 'screenpop/testing' };

/** @param {import('typedoc').Application} app */
export function load(app) {
  // Name the entry modules as they are imported, so the navigation reads
  // `screenpop`, `screenpop/params`, `screenpop/testing` and guides can link
  // `{@link screenpop.compileRules}` or `{@link "screenpop/params".parseDataParam}`.
  app.converter.on(
    Converter.EVENT_RESOLVE_BEGIN,
    (context) => {
      for (const mod of context.project.getReflectionsByKind(ReflectionKind.Module)) {
        const name = MODULE_NAMES[mod.name];
        if (name) mod.name = name;
      }
      // Guides without a `title` front-matter are named after their first `# heading`.
      for (const doc of context.project.getReflectionsByKind(ReflectionKind.Document)) {
        const firstLine = doc.content.map((part) => part.text).join('').split('\n')[0] ?? '';
        const heading = /^#\s+(.+)/.exec(firstLine);
        if (heading && !doc.frontmatter?.title) doc.name = heading[1].replace(/`/g, '').trim();
      }
    },
    100,
  );
  // House rule: every public export has TSDoc with an `@example`. A missing
  // one is a warning, so `treatWarningsAsErrors` fails the docs build.
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const kinds =
      ReflectionKind.Function | ReflectionKind.Class | ReflectionKind.Interface | ReflectionKind.TypeAlias | ReflectionKind.Variable | ReflectionKind.Enum;
    for (const refl of context.project.getReflectionsByKind(kinds)) {
      if (!refl.parent || !refl.parent.kindOf(ReflectionKind.Module | ReflectionKind.Project)) continue;
      const comments = [refl.comment, ...(refl.signatures ?? []).map((s) => s.comment)].filter(Boolean);
      if (comments.some((c) => c.blockTags.some((t) => t.tag === '@example'))) continue;
      const source = refl.sources?.[0];
      const where = source ? ` (${source.fileName}:${source.line})` : '';
      app.logger.warn(`${refl.getFriendlyFullName()}${where} has no @example in its TSDoc`);
    }
  });

  app.renderer.hooks.on('sidebar.begin', (context) =>
    JSX.createElement(
      'nav',
      { class: 'tsd-navigation', style: 'margin-bottom: 1em' },
      JSX.createElement('a', { href: context.relativeURL('playground/index.html') }, JSX.createElement('strong', null, '▶ Rule playground')),
    ),
  );
  app.renderer.hooks.on('content.begin', (context) =>
    context.page.url === 'index.html'
      ? JSX.createElement(
          'p',
          { class: 'tsd-playground-banner' },
          JSX.createElement('a', { href: context.relativeURL('playground/index.html') }, 'Open the rule playground'),
          ' — edit rules and a call, see the explanation and the URL, in your browser.',
        )
      : JSX.createElement(JSX.Fragment, null),
  );
}
