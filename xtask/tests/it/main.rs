//! The tasks' tests, in one binary: the checked-in generated code, conformance harness and
//! imported schema are fresh; a failed run writes nothing; the checkout is found from any
//! directory; and a project of its own (`examples/external/`) builds outside the checkout
//! as a user gets restgen.

mod codegen_is_fresh;
mod conformance_is_fresh;
mod external_project;
mod import_is_fresh;
mod nothing_written;
mod support;
mod workspace_root;
