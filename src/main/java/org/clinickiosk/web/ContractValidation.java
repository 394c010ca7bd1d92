package org.clinickiosk.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.InputTrustHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import static io.vertx.json.schema.common.dsl.SchemaType.STRING;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ApplicationJsonAnalyser;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static io.vertx.openapi.validation.ValidationContext.REQUEST;
import static io.vertx.openapi.validation.ValidatorErrorType.MISSING_REQUIRED_PARAMETER;
import static io.vertx.openapi.validation.ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT;

/**
 * Validates every API request against the OpenAPI contract, synchronously on the event loop, with the schema
 * validators of each operation built once at startup.
 *
 * <p>This replaces vertx-openapi 5.0.10's own request validation (RouterBuilder with doValidation on), which runs
 * each validation in {@code vertx.executeBlocking} (a hop to a worker thread and back per request) and builds a new
 * schema validator per parameter and body per request ({@code SchemaRepository.validator(schema)} copies the whole
 * schema lookup map each time). It follows that library's RequestValidatorImpl step by step and reuses its public
 * pieces (RequestExtractor, parameter transformers, content analysers, ValidatorException and its texts), so
 * clients get the same 400 answers as before. What the fast path cannot check makes the server refuse to start
 * rather than let a request through unchecked.
 */
final class ContractValidation {
    /** The routing-context key of a request's JSON object body as validated (see {@link Responses#body}). */
    static final String VALIDATED_BODY = "clinickiosk.validatedBody";
    /** The transformers are stateless, so one of each serves every parameter (as in RequestValidatorImpl). */
    private static final Map<Style, ParameterTransformer> TRANSFORMERS = new EnumMap<>(Map.of(
            Style.SIMPLE, new SimpleTransformer(), Style.LABEL, new LabelTransformer(),
            Style.MATRIX, new MatrixTransformer(), Style.FORM, new FormTransformer()));

    /** The library's extraction of parameters and body (URL decoding, exploded forms); the body is already read. */
    private static final RequestExtractor EXTRACTOR = RequestExtractor.withBodyHandler();

    private final Map<String, InputTrustHandler> handlers = new HashMap<>();

    /** Builds the validator of every operation in the contract; throws if one cannot be checked here. */
    ContractValidation(OpenAPIContract contract) {
        for (Operation operation : contract.operations()) {
            handlers.put(operation.getOperationId(), new OperationCheck(contract.getSchemaRepository(), operation));
        }
    }

    /** The handler that validates a request of this operation; the first handler of its route. */
    InputTrustHandler forOperation(String operationId) {
        InputTrustHandler handler = handlers.get(operationId);
        if (handler == null) throw new IllegalStateException("operation " + operationId + " is not in the contract");
        return handler;
    }

    /*
     * Reusing one Validator across requests and event-loop threads is safe: in vertx-json-schema 5.0.10
     * SchemaValidatorImpl keeps only final fields (its own copy of the lookup map, the schema, the draft, the output
     * format, the stateless format validator), and validate(Object) only reads them; the per-call state (evaluated
     * keys, dynamic anchors, errors) is created afresh in each call. The schemas themselves are only written while
     * the contract is loaded and dereferenced, before this class is built, and the router is published to the event
     * loops after that.
     */

    private static final class OperationCheck implements InputTrustHandler {
        private final Operation operation;
        private final List<ParameterCheck> parameters;
        private final BodyCheck body;

        OperationCheck(SchemaRepository schemas, Operation operation) {
            this.operation = operation;
            this.parameters = operation.getParameters().stream()
                    .map(p -> new ParameterCheck(schemas, operation, p)).toList();
            this.body = operation.getRequestBody() == null ? null
                    : new BodyCheck(schemas, operation, operation.getRequestBody());
        }

        @Override
        public void handle(RoutingContext ctx) {
            Future<ValidatableRequest> extracted;
            try {
                extracted = EXTRACTOR.extractValidatableRequest(ctx, operation);
            } catch (ValidatorException e) { // a value that cannot be URL-decoded
                ctx.fail(e);
                return;
            }
            // With the body already read by BodyHandler the extraction completes at once, so this stays on the
            // event loop; the callback only keeps it correct if a future library version ever made it asynchronous.
            if (extracted.isComplete()) {
                check(ctx, extracted);
            } else {
                extracted.onComplete(done -> check(ctx, extracted));
            }
        }

        private void check(RoutingContext ctx, Future<ValidatableRequest> extracted) {
            if (extracted.failed()) {
                ctx.fail(extracted.cause());
                return;
            }
            ValidatableRequest request = extracted.result();
            try {
                for (ParameterCheck parameter : parameters) parameter.check(request);
                // The handler reads the body decoded here instead of decoding it a second time.
                if (body != null && body.check(request) instanceof JsonObject decoded) ctx.put(VALIDATED_BODY, decoded);
            } catch (ValidatorException e) {
                // ErrorHandler turns it into 400 {"error": {"code": "invalid_request", "message": <its text>}}.
                ctx.fail(e);
                return;
            }
            ctx.next();
        }
    }

    /** One parameter: RequestValidatorImpl.validateParameter with the transformer and validator picked once. */
    private static final class ParameterCheck {
        private final Parameter parameter;
        private final ParameterTransformer transformer;
        private final Validator validator;
        /** A string-typed value that is not an array or object (style simple or form, not exploded into parts). */
        private final boolean plainString;

        ParameterCheck(SchemaRepository schemas, Operation operation, Parameter parameter) {
            this.parameter = parameter;
            this.transformer = TRANSFORMERS.get(parameter.getStyle());
            if (transformer == null) {
                throw unsupported(operation, parameter.getIn().name().toLowerCase() + " parameter "
                        + parameter.getName() + " has style " + parameter.getStyle());
            }
            if (parameter.getSchema() == null) {
                throw unsupported(operation, "parameter " + parameter.getName() + " has no schema");
            }
            this.validator = schemas.validator(parameter.getSchema());
            this.plainString = STRING.equals(parameter.getSchemaType())
                    && (parameter.getStyle() == Style.SIMPLE || parameter.getStyle() == Style.FORM);
        }

        void check(ValidatableRequest request) {
            RequestParameter value = switch (parameter.getIn()) {
                case PATH -> request.getPathParameters().get(parameter.getName());
                case QUERY -> request.getQuery().get(parameter.getName());
                case HEADER -> request.getHeaders().get(parameter.getName());
                case COOKIE -> request.getCookies().get(parameter.getName());
            };
            if (value == null || value.isNull()) {
                if (parameter.isRequired()) throw ValidatorException.createMissingRequiredParameter(parameter);
                return;
            }
            String raw = String.valueOf(value.get());
            // A plain string parameter is its raw text. The library's transformer would first try to read it as
            // JSON (an exception for every value that is not one word, such as a UUID Idempotency-Key) and only
            // then quote it: the same value, at a tenth of a request's work on the event loop.
            OutputUnit result = validator.validate(plainString ? raw : transformer.transform(parameter, raw));
            try {
                result.checkValidity();
            } catch (JsonSchemaValidationException e) {
                throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
            }
        }
    }

    /**
     * The request body: RequestValidatorImpl.validateBody and BaseValidator.validate with one validator per declared
     * media type. Only JSON media types are accepted at startup: the contract declares nothing else and the handlers
     * read JSON; multipart or binary bodies would go through library paths this class has never been tested with.
     */
    private static final class BodyCheck {
        private final RequestBody requestBody;
        /** Keyed by the MediaType instances RequestBody.determineContentType returns; null: syntax check only. */
        private final Map<MediaType, Validator> validators = new IdentityHashMap<>();

        BodyCheck(SchemaRepository schemas, Operation operation, RequestBody requestBody) {
            this.requestBody = requestBody;
            for (MediaType mediaType : requestBody.getContent().values()) {
                ContentAnalyser analyser = ContentAnalyser.getContentAnalyser(mediaType, mediaType.getIdentifier(),
                        Buffer.buffer(), REQUEST);
                if (!(analyser instanceof ApplicationJsonAnalyser)) {
                    throw unsupported(operation, "request body media type " + mediaType.getIdentifier()
                            + " is not JSON");
                }
                validators.put(mediaType, needsSchemaValidation(mediaType)
                        ? schemas.validator(mediaType.getSchema()) : null);
            }
        }

        /** Checks the body and returns it decoded (null when there is none). */
        Object check(ValidatableRequest request) {
            RequestParameter body = request.getBody();
            if (body == null || body.isEmpty()) {
                if (requestBody.isRequired()) {
                    throw new ValidatorException("The related request does not contain the required body.",
                            MISSING_REQUIRED_PARAMETER);
                }
                return null;
            }
            MediaType mediaType = requestBody.determineContentType(request.getContentType());
            ContentAnalyser analyser = mediaType == null ? null : ContentAnalyser.getContentAnalyser(mediaType,
                    request.getContentType(), body.getBuffer(Buffer.buffer()), REQUEST);
            if (analyser == null) {
                throw new ValidatorException("The format of the " + REQUEST + " body is not supported",
                        UNSUPPORTED_VALUE_FORMAT);
            }
            analyser.checkSyntacticalCorrectness(); // throws "The request body can't be decoded"
            Validator validator = validators.get(mediaType);
            Object decoded = analyser.transform();
            if (validator != null) {
                OutputUnit result = validator.validate(decoded);
                try {
                    result.checkValidity();
                } catch (JsonSchemaValidationException e) {
                    throw SchemaValidationException.createInvalidValueBody(result, REQUEST, e);
                }
            }
            return decoded;
        }

        /** BaseValidator.isSchemaValidationRequired: no schema, or a bare binary string, is not validated. */
        private static boolean needsSchemaValidation(MediaType mediaType) {
            JsonSchema schema = mediaType.getSchema();
            if (schema == null) return false;
            Object type = schema.get("type");
            Object format = schema.get("format");
            return !(type instanceof String t && "string".equalsIgnoreCase(t)
                    && format instanceof String f && "binary".equalsIgnoreCase(f) && schema.fieldNames().size() == 2);
        }
    }

    private static IllegalStateException unsupported(Operation operation, String what) {
        return new IllegalStateException("OpenAPI contract: operation " + operation.getOperationId() + ": " + what
                + ", which ContractValidation cannot check; extend it rather than serve the route unvalidated");
    }
}
