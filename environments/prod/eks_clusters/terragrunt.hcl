# The environment's EKS cluster. Access is granted through EKS access entries (no aws-auth
# ConfigMap): admins and CI via the roles from ../iam.

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///terraform-aws-modules/eks/aws?version=20.8.5"
}

dependency "vpc" {
  config_path = "../vpc"

  mock_outputs = {
    vpc_id          = "vpc-0a1b2c3d4e5f60000"
    private_subnets = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"]
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "iam" {
  config_path = "../iam"

  mock_outputs = {
    wrapper = {
      platform_admin     = { iam_role_arn = "arn:aws:iam::123456789012:role/mock-platform-admin" }
      developer_readonly = { iam_role_arn = "arn:aws:iam::123456789012:role/mock-developer-readonly" }
      ci_deploy          = { iam_role_arn = "arn:aws:iam::123456789012:role/mock-ci-deploy" }
    }
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

locals {
  vars        = include.root.locals.vars
  name_prefix = include.root.locals.name_prefix
  tags        = include.root.locals.common_tags
  eks         = local.vars.eks

  # Lets on-call scale the default node group without a code change:
  #   EKS_DESIRED_SIZE=4 make apply ENV=uat
  desired_size = tonumber(get_env("EKS_DESIRED_SIZE", tostring(local.eks.desired_size)))

  # CI adds its runners' egress address for the duration of a pipeline, comma-separated.
  public_access_cidrs = split(",", get_env("EKS_PUBLIC_ACCESS_CIDRS", join(",", local.vars.network.office_cidrs)))
}

inputs = {
  cluster_name    = local.name_prefix
  cluster_version = local.eks.cluster_version

  vpc_id     = dependency.vpc.outputs.vpc_id
  subnet_ids = dependency.vpc.outputs.private_subnets

  cluster_endpoint_private_access      = true
  cluster_endpoint_public_access       = true
  cluster_endpoint_public_access_cidrs = local.public_access_cidrs

  cluster_enabled_log_types              = ["api", "audit", "authenticator"]
  cloudwatch_log_group_retention_in_days = local.vars.logs.retention_days

  cluster_addons = {
    coredns = {
      most_recent = true
    }
    kube-proxy = {
      most_recent = true
    }
    vpc-cni = {
      most_recent    = true
      before_compute = true
    }
    eks-pod-identity-agent = {
      most_recent = true
    }
  }

  authentication_mode                      = "API"
  enable_cluster_creator_admin_permissions = false

  access_entries = {
    platform_admin = {
      principal_arn = dependency.iam.outputs.wrapper.platform_admin.iam_role_arn
      policy_associations = {
        cluster_admin = {
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = {
            type = "cluster"
          }
        }
      }
    }
    ci_deploy = {
      principal_arn = dependency.iam.outputs.wrapper.ci_deploy.iam_role_arn
      policy_associations = {
        edit = {
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
          access_scope = {
            type       = "namespace"
            namespaces = [include.root.locals.project, "ingress", "monitoring"]
          }
        }
      }
    }
    developer_readonly = {
      principal_arn = dependency.iam.outputs.wrapper.developer_readonly.iam_role_arn
      policy_associations = {
        view = {
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
          access_scope = {
            type = "cluster"
          }
        }
      }
    }
  }

  eks_managed_node_group_defaults = {
    ami_type = "AL2023_x86_64_STANDARD"
  }

  eks_managed_node_groups = {
    general = {
      name           = format("%s-general", local.name_prefix)
      instance_types = local.eks.node_instance_types
      capacity_type  = upper(local.eks.capacity_type)

      min_size     = local.eks.min_size
      max_size     = local.eks.max_size
      desired_size = local.desired_size

      labels = {
        workload = "general"
      }
    }
  }

  node_security_group_tags = {
    "karpenter.sh/discovery" = local.name_prefix
  }

  tags = merge(local.tags, {
    Service = "kubernetes"
  })
}
