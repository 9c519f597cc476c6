include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///terraform-aws-modules/vpc/aws?version=5.8.1"
}

# The flow-log bucket (and its delivery policy) must exist before the flow log is created.
dependencies {
  paths = ["../buckets"]
}

locals {
  vars        = include.root.locals.vars
  name_prefix = include.root.locals.name_prefix
  network     = local.vars.network
  tags        = include.root.locals.common_tags

  flow_logs_bucket_arn = format("arn:aws:s3:::%s", include.root.locals.bucket_names.vpc_flow_logs)
}

inputs = {
  name = local.name_prefix
  cidr = local.network.cidr
  azs  = tolist(local.network.azs)

  private_subnets     = local.network.private_subnets
  public_subnets      = local.network.public_subnets
  database_subnets    = local.network.database_subnets
  elasticache_subnets = local.network.elasticache_subnets

  create_database_subnet_group    = true
  database_subnet_group_name      = local.name_prefix
  create_elasticache_subnet_group = true
  elasticache_subnet_group_name   = local.name_prefix

  enable_nat_gateway     = true
  single_nat_gateway     = local.network.single_nat_gateway
  one_nat_gateway_per_az = local.network.single_nat_gateway ? false : true

  enable_dns_hostnames = true
  enable_dns_support   = true

  # Lock down the default security group: nothing should use it.
  manage_default_security_group  = true
  default_security_group_ingress = []
  default_security_group_egress  = []

  enable_flow_log                     = true
  flow_log_destination_type           = "s3"
  flow_log_destination_arn            = local.flow_logs_bucket_arn
  flow_log_traffic_type               = upper(local.network.flow_logs.traffic_type)
  flow_log_file_format                = local.network.flow_logs.file_format
  flow_log_max_aggregation_interval   = local.network.flow_logs.max_aggregation_interval
  flow_log_per_hour_partition         = true
  flow_log_hive_compatible_partitions = true

  public_subnet_tags = {
    "kubernetes.io/role/elb" = "1"
  }
  private_subnet_tags = {
    "kubernetes.io/role/internal-elb" = "1"
    "karpenter.sh/discovery"          = local.name_prefix
  }
  vpc_flow_log_tags = {
    Name = format("%s-flow-log", local.name_prefix)
  }

  tags = local.tags
}
