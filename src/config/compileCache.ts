import module from 'node:module';

// Imported first by each entry point (the `ivr` CLI, `npm start`, the Azure
// functions entry), because it only helps the modules loaded after it.
//
// A start compiles the ~70 modules it loads before it can answer; node 22's
// compile cache keeps V8's compiled code on disk (os.tmpdir()/node-compile-cache,
// or NODE_COMPILE_CACHE) so later starts on the machine skip most of that:
// about 10 ms of a cold `ivr call`. Node checks each entry against the source
// and its own version, and ignores a corrupt one. Where the directory cannot be
// made or written (read-only file system, no permission) it returns a status
// saying so and carries on; NODE_DISABLE_COMPILE_CACHE=1 turns it off; node
// versions without it skip it. Nothing here may stop a start.
try {
  module.enableCompileCache?.();
} catch {
  // a start without the cache is only slower
}
