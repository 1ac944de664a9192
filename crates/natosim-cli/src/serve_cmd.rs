//! `natosim serve`: the workbench in the browser (natosim-web). This file
//! only turns the options into a `ServeConfig` and prints the address; the
//! server is the natosim-web library.

use crate::InputError;
use std::net::IpAddr;
use std::path::PathBuf;

/// `natosim serve`'s options.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to bind. The default is loopback (this machine only); any
    /// other address exposes the workbench to the network and prints a warning.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port (0: any free port).
    #[arg(long, default_value_t = 8765)]
    pub port: u16,
    /// The history database (SQLite) [default: workbench.sqlite in the user
    /// data directory, e.g. ~/.local/share/natosim/].
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Jobs run at once; each uses all cores [default: 1].
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub workers: u64,
}

/// Runs the server until Ctrl-C.
pub fn serve(args: &ServeArgs) -> anyhow::Result<()> {
    let config = natosim_web::ServeConfig {
        host: args.host,
        port: args.port,
        db: args.db.clone(),
        workers: args.workers as usize,
        ..natosim_web::ServeConfig::default()
    };
    if !args.host.is_loopback() {
        crate::atomic::note(format_args!(
            "warning: binding {} exposes the workbench (and its job queue) to the network; it has no authentication",
            args.host
        ));
    }
    natosim_web::serve(config, |addr| {
        // The server, not this line, is the command's output: a closed
        // standard output (`natosim serve | head -1`) loses the line only.
        let line = format!("natosim workbench on http://{addr}/  (Ctrl-C stops it)\n");
        let _ = crate::atomic::to_stdout(line.as_bytes());
    })
    .map_err(|e| match e {
        natosim_web::ServeError::Config(m) => InputError(m).into(),
        natosim_web::ServeError::NoDataDir => InputError(e.to_string()).into(),
        other => anyhow::Error::new(other),
    })
}
