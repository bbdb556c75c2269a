//! Zed attaches a language server only through an extension: this one starts
//! `msglint lsp` (found on the worktree's PATH, e.g. the project's virtual environment)
//! for the languages listed in extension.toml. It downloads nothing.
use zed_extension_api as zed;

struct Msglint;

impl zed::Extension for Msglint {
    fn new() -> Self {
        Msglint
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let Some(path) = worktree.which("msglint") else {
            return Err("msglint is not on PATH: pip install msglint (or activate the project's virtual environment)".into());
        };
        Ok(zed::Command {
            command: path,
            args: vec!["lsp".into()],
            env: Default::default(),
        })
    }
}

zed::register_extension!(Msglint);
