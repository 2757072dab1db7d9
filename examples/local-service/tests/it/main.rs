//! End-to-end tests of the generated IntegrationResponse server, serving the local
//! service on 127.0.0.1: the generated client, raw HTTP (hostile input included) and boto3
//! against it; slow, silent and too many clients; the OpenAPI documents checked by
//! third-party validators. One binary, so hyper and tokio are linked once.

mod openapi;
mod server_adapter;
mod server_boto3;
mod server_concurrency;
mod server_e2e;
mod server_hostile;
mod server_slow_clients;
mod support;
mod tower;
mod traces;
