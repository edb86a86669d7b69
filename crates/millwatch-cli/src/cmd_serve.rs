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
    millwatch_web::serve_then(&config, |addr| {
        p.note(&format!(
            "serving {} at http://{addr} (Ctrl-C to stop)",
            case_path.display(),
        ));
    })?;
    Ok(Outcome::Ok)
}
