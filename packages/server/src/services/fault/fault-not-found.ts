import { notFound, type AppError } from '@murmuration/core/common';

/** fm's wording when a record named by id does not exist. */
export function faultNotFound(what: string, id: string): AppError {
  return notFound(`${what} ${id} could not be found.`, { id });
}
