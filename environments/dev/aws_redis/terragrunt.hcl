# ElastiCache Redis replication group, cluster mode disabled: one primary plus replicas
# (num_cache_clusters). Clients must use TLS and the AUTH token from ../aws_secrets.

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///terraform-aws-modules/elasticache/aws?version=1.4.1"
}

dependency "vpc" {
  config_path = "../vpc"

  mock_outputs = {
    vpc_id                        = "vpc-0a1b2c3d4e5f60000"
    elasticache_subnet_group_name = "mock-elasticache-subnet-group"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "security_groups" {
  config_path = "../security_groups"

  mock_outputs = {
    wrapper = {
      redis = { security_group_id = "sg-0f1e2d3c4b5a69004" }
    }
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "secrets" {
  config_path = "../aws_secrets"

  mock_outputs = {
    wrapper = {
      redis_auth_token = {
        secret_arn    = "arn:aws:secretsmanager:us-east-1:123456789012:secret:mock-redis-auth-token-AbCdEf"
        secret_string = "mock-redis-auth-token-0123456789abcdef"
      }
    }
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

locals {
  vars        = include.root.locals.vars
  name_prefix = include.root.locals.name_prefix
  tags        = include.root.locals.common_tags
  redis       = local.vars.redis

  # A replica is what makes failover (and Multi-AZ) possible.
  has_replica = local.redis.num_cache_clusters > 1
}

inputs = {
  replication_group_id = format("%s-redis", local.name_prefix)
  description          = "Redis for ${local.name_prefix} (sessions, cache, rate limits)"

  engine         = "redis"
  engine_version = local.redis.engine_version
  node_type      = local.redis.node_type
  port           = local.redis.port

  cluster_mode_enabled       = false
  num_cache_clusters         = local.redis.num_cache_clusters
  automatic_failover_enabled = local.has_replica
  multi_az_enabled           = local.has_replica

  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = dependency.secrets.outputs.wrapper.redis_auth_token.secret_string

  snapshot_retention_limit = local.redis.snapshot_retention_limit
  snapshot_window          = local.redis.snapshot_window
  maintenance_window       = local.redis.maintenance_window
  apply_immediately        = include.root.locals.is_prod ? false : true

  create_subnet_group = false
  subnet_group_name   = dependency.vpc.outputs.elasticache_subnet_group_name

  create_security_group = false
  security_group_ids    = [dependency.security_groups.outputs.wrapper.redis.security_group_id]

  create_parameter_group = true
  parameter_group_name   = format("%s-redis7", local.name_prefix)
  parameter_group_family = local.redis.parameter_group_family
  parameters = [
    {
      name  = "maxmemory-policy"
      value = "allkeys-lru"
    },
    {
      name  = "notify-keyspace-events"
      value = "Ex"
    },
  ]

  tags = merge(local.tags, {
    Name            = format("%s-redis", local.name_prefix)
    Service         = "redis"
    AuthTokenSecret = include.root.locals.secret_names.redis_auth_token
  })
}
