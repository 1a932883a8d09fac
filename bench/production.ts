// Imported first by every bench entry: measure as `npm start` runs the server, with
// NODE_ENV=production (unless set), which among others turns graphql-js's realm check in every
// isinstance test into a plain instanceof. It must run before anything loads graphql, which reads
// NODE_ENV once, when it loads; an import runs before the imports listed after it.
process.env.NODE_ENV ??= 'production'
