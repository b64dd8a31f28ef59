variable "name" {
  description = "Name prefix for the two subnets."
  type        = string
}

variable "vpc_id" {
  description = "VPC that holds the subnets."
  type        = string
}

variable "availability_zone" {
  description = "Availability zone of both subnets."
  type        = string
}

variable "public_cidr" {
  description = "CIDR block of the public subnet."
  type        = string
}

variable "private_cidr" {
  description = "CIDR block of the private subnet."
  type        = string
}

variable "public_route_table_id" {
  description = "Route table (default route via the internet gateway) for the public subnet."
  type        = string
}

variable "private_route_table_id" {
  description = "Route table (default route via the NAT gateway) for the private subnet."
  type        = string
}

variable "tags" {
  description = "Tags applied to both subnets."
  type        = map(string)
  default     = {}
}
