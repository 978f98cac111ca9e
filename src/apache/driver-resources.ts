import type { ServiceType } from 'cdk8s-plus-28';
import { IngressOptions } from '../application/exposure';

/**
 * A ConfigMap the Apache operator creates before the driver of each attempt
 * and deletes with it (`spec.configMapSpecs`); mount it with a
 * `SparkVolume.fromConfigMap` of the same name.
 */
export interface DriverConfigMap {
  /** Name of the ConfigMap. */
  readonly name: string;
  /**
   * The files: key to content.
   * @default - none
   */
  readonly data?: { [key: string]: string };
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A Service in front of the driver pod, and an Ingress in front of the
 * Service, that the Apache operator creates with each attempt
 * (`spec.driverServiceIngressList`): the UI on 4040, or a Connect server's
 * gRPC port 15002.
 */
export interface DriverServiceIngress {
  /** Name of the Service (and of the Ingress). */
  readonly name: string;
  /**
   * The driver port to publish.
   * @default 4040 (the Spark UI)
   */
  readonly port?: number;
  /**
   * Name of the Service port.
   * @default 'http' for 4040, 'grpc' for 15002, else 'port-<number>'
   */
  readonly portName?: string;
  /**
   * Type of the Service.
   * @default ServiceType.CLUSTER_IP
   */
  readonly serviceType?: ServiceType;
  /**
   * Annotations of the Service.
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /** The Ingress: host, TLS, class and annotations. */
  readonly ingress: IngressOptions;
}

/** A Gateway API Gateway a route attaches to (a `parentRef`). */
export interface GatewayReference {
  /** Name of the Gateway. */
  readonly name: string;
  /**
   * Namespace of the Gateway.
   * @default - the application's namespace
   */
  readonly namespace?: string;
  /**
   * The Gateway listener to attach to.
   * @default - every listener that accepts the route
   */
  readonly sectionName?: string;
}

/**
 * A Service in front of the driver pod and a Gateway API route to it that
 * the Apache operator creates with each attempt (`spec.driverHttpRouteList`
 * for the UI, `spec.driverGrpcRouteList` for Spark Connect). The Gateway API
 * CRDs must be installed.
 */
export interface DriverRoute {
  /** Name of the Service (and of the route). */
  readonly name: string;
  /** The Gateways the route attaches to (at least one). */
  readonly gateways: GatewayReference[];
  /**
   * Host names the route answers.
   * @default - every host of the Gateway
   */
  readonly hostnames?: string[];
  /**
   * The driver port to publish.
   * @default 4040 for an HTTP route (the UI), 15002 for a gRPC route (Spark Connect)
   */
  readonly port?: number;
  /**
   * Annotations of the Service.
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
}
