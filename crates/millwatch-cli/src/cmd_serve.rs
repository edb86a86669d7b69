//! `serve`: the local web UI (see `millwatch-web`).

use std::path::Path;

use crate::Outcome;
use crate::args::ServeArgs;
use crate::printer::Printer;

pub fn serve(case_path: &Path, a: &ServeArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let config = millwatch_web::Config {
        case: case_path.to_owned(),
        addr: a.addr,
        token: a.token.clone(),
        workers: a.workers,
    };
    p.note(&format!(
        "serving {} at http://{} (Ctrl-C to stop)",
        case_path.display(),
        a.addr
    ));
    millwatch_web::serve(&config)?;
    Ok(Outcome::Ok)
}
