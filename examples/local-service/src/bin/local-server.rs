//! A local IntegrationResponse service on 127.0.0.1, for the AWS CLI, boto3, aws-sdk-rust
//! or the generated client (with an endpoint override and any credentials).
//!
//! `cargo run -p apigatewayv2-local --bin local-server -- --port 4566 [--host 0.0.0.0]`

use apigatewayv2_local::LocalService;
use std::net::IpAddr;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (host, port) = parse_args()?;
    let listener = tokio::net::TcpListener::bind((host, port)).await?;
    let server = integration_response::server::serve(listener, LocalService::new())?;
    let addr = server.local_addr();
    println!("IntegrationResponse service listening on http://{addr}");
    println!("  aws apigatewayv2 get-integration-responses --endpoint-url http://{addr} --api-id a --integration-id i");
    println!("Ctrl-C stops it.");
    tokio::signal::ctrl_c().await?;
    server.shutdown().await;
    Ok(())
}

fn parse_args() -> Result<(IpAddr, u16), String> {
    let usage = "usage: local-server [--port PORT] [--host ADDRESS]";
    let (mut host, mut port) = (IpAddr::from([127, 0, 0, 1]), 4566);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(usage)?;
        match arg.as_str() {
            "--port" => {
                port = value
                    .parse()
                    .map_err(|_| format!("bad port `{value}`; {usage}"))?
            }
            "--host" => {
                host = value
                    .parse()
                    .map_err(|_| format!("bad host `{value}`; {usage}"))?
            }
            _ => return Err(usage.to_string()),
        }
    }
    Ok((host, port))
}
