//! End-to-end tests of the whole generated API Gateway V2 crate (`apigatewayv2`): the
//! service's own JSON through the generated types, then a sample of operations over real
//! HTTP on 127.0.0.1, from the generated client and from boto3 to the generated server
//! serving the recording service. One binary, so hyper and tokio are linked once.

mod boto3;
mod client_e2e;
mod sample;
mod support;
mod wire_shapes;
